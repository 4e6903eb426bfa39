using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Authentication;

/// <summary>
/// The rules a Ludmin token is checked against. They belong beside the issuer that makes tokens
/// meet them (Infrastructure's <c>TokenValidation</c>); the composition root hands them to the
/// schemes (<c>Hosting/TokenValidationRules.cs</c>), so authentication needs no adapter of its own.
/// </summary>
internal interface ITokenValidationRules
{
    /// <param name="acceptExpiredWithinRefreshWindow">For refresh and logout: a token that expired within the refresh window still counts.</param>
    TokenValidationParameters CreateParameters(bool acceptExpiredWithinRefreshWindow);

    /// <summary>Claims the library does not insist on but Ludmin does: a token without them is not one of ours.</summary>
    bool HasRequiredClaims(JsonWebToken token);
}
