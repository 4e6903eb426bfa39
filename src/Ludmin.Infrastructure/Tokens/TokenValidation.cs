using Ludmin.Application.Common.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Infrastructure.Tokens;

/// <summary>
/// The one set of rules a token is checked against, next to the issuer that makes tokens
/// meet them: our keys, the configured algorithm only (ES256: only the keys named by their
/// <c>kid</c>), our issuer and audience, every time claim present, and little clock skew.
/// Registered as a service over the configured settings and keys, which the composition root
/// hands to the Api's authentication schemes (<c>Api/Authentication/JwtBearerSetup.cs</c>).
/// </summary>
public sealed class TokenValidation(IOptions<TokenOptions> options, TokenKeys keys, TimeProvider clock)
{
    /// <param name="acceptExpiredWithinRefreshWindow">
    /// For refresh and logout: a token that expired less than <see cref="TokenOptions.RefreshWindow"/> ago still counts.
    /// </param>
    public TokenValidationParameters CreateParameters(bool acceptExpiredWithinRefreshWindow) =>
        CreateParameters(options.Value, keys, clock, acceptExpiredWithinRefreshWindow);

    /// <param name="acceptExpiredWithinRefreshWindow">
    /// For refresh and logout: a token that expired less than <see cref="TokenOptions.RefreshWindow"/> ago still counts.
    /// </param>
    public static TokenValidationParameters CreateParameters(TokenOptions options, TokenKeys keys, TimeProvider clock, bool acceptExpiredWithinRefreshWindow)
    {
        var parameters = new TokenValidationParameters
        {
            ValidateIssuerSigningKey = true,

            // The token's kid picks the key, or nothing: an unknown kid is refused, never tried against every key.
            IssuerSigningKeyResolver = (_, _, kid, _) => keys.ForKeyId(kid),
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [keys.SigningCredentials.Algorithm],
            RequireSignedTokens = true,
            ValidateIssuer = true,
            ValidIssuer = options.Issuer,
            ValidateAudience = true,
            // Each kind has its own audience (see AudienceFitsKind); Ludmin accepts all three.
            ValidAudiences = [options.Audience, options.Audience + LudminClaims.PublicAudienceSuffix, options.Audience + LudminClaims.SecondFactorAudienceSuffix],
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
            if (expires is not { } exp || notBefore is not { } nbf || nbf > now + skew)
            {
                return false;
            }

            if (now < exp + skew + window)
            {
                return true;
            }

            // A live endpoint's own exception, so its answer can tell a client to refresh rather than
            // log in again; past the refresh window a refresh cannot help, and the token is just invalid.
            return acceptExpiredWithinRefreshWindow ? false : throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp };
        };
        return parameters;
    }

    /// <summary>
    /// Whether the token's audience is the one of its kind: a user access token the configured
    /// audience, a second-factor token its own, a public token the public one (or the configured
    /// one, as public tokens were issued before the kinds had audiences of their own). So no kind
    /// passes for another here, nor at a verifier that checks the configured audience.
    /// </summary>
    public bool AudienceFitsKind(JsonWebToken token)
    {
        var audience = options.Value.Audience;
        var audiences = token.Audiences.ToList();
        var grants = token.Claims.Where(c => c.Type == LudminClaims.Allowed).Select(c => c.Value).ToList();
        var hasSubject = token.TryGetPayloadValue<string>(LudminClaims.Subject, out _);
        if (grants.Contains(LudminClaims.SecondFactorGrant))
        {
            return grants.Count == 1 && hasSubject && audiences.SequenceEqual([audience + LudminClaims.SecondFactorAudienceSuffix]);
        }

        return hasSubject
            ? audiences.SequenceEqual([audience])
            : audiences.Count == 1 && (audiences[0] == audience + LudminClaims.PublicAudienceSuffix || audiences[0] == audience);
    }

    /// <summary>Claims the library does not insist on but Ludmin does: a token without them is not one of ours.</summary>
    public static bool HasRequiredClaims(JsonWebToken token) =>
        token.IssuedAt != DateTime.MinValue
        && token.ValidFrom != DateTime.MinValue
        && !string.IsNullOrEmpty(token.Id)
        && token.TryGetPayloadValue<string>(LudminClaims.DeviceId, out var device) && !string.IsNullOrEmpty(device)
        && token.Claims.Any(c => c.Type == LudminClaims.Allowed);
}
