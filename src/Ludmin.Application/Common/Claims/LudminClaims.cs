namespace Ludmin.Application.Common.Claims;

/// <summary>The claim names and grants of Ludmin tokens: part of the token contract, which the issuer and every reader share.</summary>
public static class LudminClaims
{
    public const string DeviceId = "device_id";
    public const string Allowed = "allowed";
    public const string Subject = "sub";
    public const string Email = "email";

    /// <summary>The login session of a user token (see <see cref="Domain.Users.SessionId"/>).</summary>
    public const string Session = "sid";
    public const string Generation = "gen"; // the session's refresh generation (LinkedDevice.Generation); a token without it is of the first

    /// <summary>Grants in the <c>allowed</c> claim.</summary>
    public const string PublicGrant = "public";
    public const string BasicsGrant = "basics";
    public const string MasterGrant = "master";
}
