using Ludmin.Api.Authentication;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Hosting;

/// <summary>The issuer's own validation rules, over the configured keys and settings, for the authentication schemes.</summary>
internal sealed class TokenValidationRules(IOptions<TokenOptions> tokens, TokenKeys keys, TimeProvider clock) : ITokenValidationRules
{
    public TokenValidationParameters CreateParameters(bool acceptExpiredWithinRefreshWindow) =>
        TokenValidation.CreateParameters(tokens.Value, keys, clock, acceptExpiredWithinRefreshWindow);

    public bool HasRequiredClaims(JsonWebToken token) => TokenValidation.HasRequiredClaims(token);
}
