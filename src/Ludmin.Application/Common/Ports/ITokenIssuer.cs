using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>Signs tokens. Validation belongs to the API's authentication, which shares the same key and rules.</summary>
public interface ITokenIssuer
{
    IssuedToken IssuePublic(DeviceId deviceId);

    /// <summary>A user token of the device's session, carrying what its login proved (<c>aal</c>, <c>amr</c>).</summary>
    IssuedToken IssueForUser(User user, DeviceId deviceId, Assurance assurance);

    /// <summary>The token of a login's second step (<c>allowed: ["second_factor"]</c>, <c>jti</c> = the step's id), valid until the step expires.</summary>
    IssuedToken IssueSecondFactor(SecondFactorChallenge challenge);
}
