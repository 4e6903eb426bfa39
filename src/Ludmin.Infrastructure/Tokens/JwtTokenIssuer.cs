using Ludmin.Application.Common.Claims;
using Ludmin.Application.Common.Ports;
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

    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken IssuePublic(DeviceId deviceId) =>
        Issue(new Dictionary<string, object>
        {
            [LudminClaims.DeviceId] = deviceId.Value,
            [LudminClaims.Allowed] = PublicGrants,
        });

    public IssuedToken IssueForUser(User user, DeviceId deviceId) =>
        Issue(new Dictionary<string, object>
        {
            [LudminClaims.Subject] = user.Id.Value,
            [LudminClaims.Email] = user.CurrentEmail.Value,
            [LudminClaims.DeviceId] = deviceId.Value,
            [LudminClaims.Session] = user.SessionOf(deviceId).Value,
            [LudminClaims.Generation] = user.GenerationOf(deviceId),
            [LudminClaims.Allowed] = user.IsMaster ? MasterGrants : UserGrants,
        });

    private IssuedToken Issue(Dictionary<string, object> claims)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var expires = now + settings.AccessTokenLifetime;
        claims[JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N");
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
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
