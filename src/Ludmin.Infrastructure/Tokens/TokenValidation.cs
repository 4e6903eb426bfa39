using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Infrastructure.Tokens;

/// <summary>
/// The one set of rules a token is checked against, next to the issuer that makes tokens
/// meet them: our key, HS256 only, our issuer and audience, every time claim present, and
/// little clock skew.
/// </summary>
public static class TokenValidation
{
    /// <param name="acceptExpiredWithinRefreshWindow">
    /// For refresh and logout: a token that expired less than <see cref="TokenOptions.RefreshWindow"/> ago still counts.
    /// </param>
    public static TokenValidationParameters CreateParameters(TokenOptions options, SigningKey key, TimeProvider clock, bool acceptExpiredWithinRefreshWindow)
    {
        var parameters = new TokenValidationParameters
        {
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            ValidateIssuer = true,
            ValidIssuer = options.Issuer,
            ValidateAudience = true,
            ValidAudience = options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = options.ClockSkew,
            NameClaimType = LudminClaims.Subject,
            RoleClaimType = LudminClaims.Allowed,
        };

        var skew = options.ClockSkew;
        var window = acceptExpiredWithinRefreshWindow ? options.RefreshWindow : TimeSpan.Zero;
        parameters.LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return expires is { } exp && notBefore is { } nbf
                && nbf <= now + skew
                && now < exp + skew + window;
        };
        return parameters;
    }

    /// <summary>Claims the library does not insist on but Ludmin does: a token without them is not one of ours.</summary>
    public static bool HasRequiredClaims(JsonWebToken token) =>
        token.IssuedAt != DateTime.MinValue
        && token.ValidFrom != DateTime.MinValue
        && !string.IsNullOrEmpty(token.Id)
        && token.TryGetPayloadValue<string>(LudminClaims.DeviceId, out var device) && !string.IsNullOrEmpty(device)
        && token.Claims.Any(c => c.Type == LudminClaims.Allowed);
}
