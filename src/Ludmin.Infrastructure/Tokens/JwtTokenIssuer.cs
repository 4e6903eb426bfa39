using Ludmin.Application.Common.Claims;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Infrastructure.Tokens;

/// <summary>
/// JWTs signed with the configured algorithm (ES256 tokens name their key in <c>kid</c>), with every
/// registered claim the validation requires (iss, aud, exp, nbf, iat, jti).
/// </summary>
internal sealed class JwtTokenIssuer(IOptions<TokenOptions> options, TokenKeys keys, TimeProvider clock) : ITokenIssuer
{
    private static readonly string[] PublicGrants = [LudminClaims.PublicGrant];
    private static readonly string[] UserGrants = [LudminClaims.BasicsGrant];
    private static readonly string[] MasterGrants = [LudminClaims.BasicsGrant, LudminClaims.MasterGrant];

    private static readonly string[] SecondFactorGrants = [LudminClaims.SecondFactorGrant];

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A public token, for the public audience: a verifier of user tokens refuses it (see <see cref="LudminClaims.PublicAudienceSuffix"/>).</summary>
    public IssuedToken IssuePublic(DeviceId deviceId) =>
        Issue(
            new Dictionary<string, object>
            {
                [LudminClaims.DeviceId] = deviceId.Value,
                [LudminClaims.Allowed] = PublicGrants,
            },
            options.Value.Audience + LudminClaims.PublicAudienceSuffix);

    public IssuedToken IssueForUser(User user, DeviceId deviceId, Assurance assurance) =>
        Issue(
            new Dictionary<string, object>
            {
                [LudminClaims.Subject] = user.Id.Value,
                [LudminClaims.Email] = user.CurrentEmail.Value,
                [LudminClaims.DeviceId] = deviceId.Value,
                [LudminClaims.Session] = user.SessionOf(deviceId).Value,
                [LudminClaims.Generation] = user.GenerationOf(deviceId),
                [LudminClaims.Allowed] = user.IsMaster ? MasterGrants : UserGrants,
                [LudminClaims.AssuranceLevel] = (int)assurance.Level,
                [LudminClaims.Methods] = assurance.Methods.Select(m => m.Value).ToArray(),
            },
            options.Value.Audience);

    /// <summary>
    /// The second step's token: the user as <c>sub</c> (no session: nothing is linked yet), its
    /// one grant, the step's id as <c>jti</c>, for the second-factor audience, and it lives as long
    /// as the step does.
    /// </summary>
    public IssuedToken IssueSecondFactor(SecondFactorChallenge challenge) =>
        Issue(
            new Dictionary<string, object>
            {
                [LudminClaims.Subject] = challenge.UserId.Value,
                [LudminClaims.DeviceId] = challenge.DeviceId.Value,
                [LudminClaims.Allowed] = SecondFactorGrants,
                [JwtRegisteredClaimNames.Jti] = challenge.Id,
            },
            options.Value.Audience + LudminClaims.SecondFactorAudienceSuffix,
            challenge.ExpiresAt);

    private IssuedToken Issue(Dictionary<string, object> claims, string audience, DateTimeOffset? expiresAt = null)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var expires = expiresAt ?? now + settings.AccessTokenLifetime;
        claims.TryAdd(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = keys.SigningCredentials,
        });

        // JWT times are whole seconds: report the expiry the token really carries.
        return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }
}
