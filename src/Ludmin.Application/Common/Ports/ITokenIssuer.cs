using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>Signs tokens. Validation belongs to the API's authentication, which shares the same key and rules.</summary>
public interface ITokenIssuer
{
    IssuedToken IssuePublic(DeviceId deviceId);

    IssuedToken IssueForUser(User user, DeviceId deviceId);
}
