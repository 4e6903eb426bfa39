namespace Ludmin.Application.Common.Claims;

/// <summary>The claim names and grants of Ludmin tokens: part of the token contract, which the issuer and every reader share.</summary>
public static class LudminClaims
{
    public const string DeviceId = "device_id";
    public const string Allowed = "allowed";
    public const string Subject = "sub";
    public const string Email = "email";

    /// <summary>The token's id; a second-factor token's is the id of its login's second step.</summary>
    public const string TokenId = "jti";

    /// <summary>The login session of a user token (see <see cref="Domain.Users.SessionId"/>).</summary>
    public const string Session = "sid";
    public const string Generation = "gen"; // the session's refresh generation (LinkedDevice.Generation); a token without it is of the first

    /// <summary>The authenticator assurance level of a user token: 1 (a password) or 2 (and a second factor).</summary>
    public const string AssuranceLevel = "aal";

    /// <summary>The RFC 8176 methods of a user token's login (<c>pwd</c>, <c>otp</c>, <c>rc</c>, <c>mfa</c>).</summary>
    public const string Methods = "amr";

    /// <summary>Grants in the <c>allowed</c> claim.</summary>
    public const string PublicGrant = "public";
    public const string BasicsGrant = "basics";
    public const string MasterGrant = "master";

    /// <summary>The one grant of a second-factor token: <c>POST /tokens/second-factor</c>, nothing else.</summary>
    public const string SecondFactorGrant = "second_factor";

    /// <summary>
    /// The audience of a public token and of a second-factor token, after the configured one: a
    /// verifier that checks <c>aud</c> against the configured audience, as docs/api.md says,
    /// accepts only user access tokens. Ludmin itself accepts all three, each for what it allows.
    /// </summary>
    public const string PublicAudienceSuffix = "/public";

    public const string SecondFactorAudienceSuffix = "/second-factor";
}
