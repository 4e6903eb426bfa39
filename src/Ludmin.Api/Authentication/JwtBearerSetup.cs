using Ludmin.Api.ErrorHandling;
using Ludmin.Application.Common.Claims;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Tokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Authentication;

/// <summary>
/// Token validation, all of it, top to bottom: both schemes check tokens with the issuer's rules
/// (<see cref="TokenValidation"/>, a service the composition root hands over). On top: the bare
/// <c>Authorization: &lt;token&gt;</c> form, Ludmin's required claims, the session check for
/// user tokens (one store lookup, <see cref="IUserRepository.HasSessionAsync"/>), and problem+json
/// for every refusal.
/// </summary>
internal sealed class JwtBearerSetup(TokenValidation rules) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        var refresh = name == LudminAuth.RefreshScheme;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = rules.CreateParameters(acceptExpiredWithinRefreshWindow: refresh);
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = ReadBareToken,
            OnTokenValidated = context => CheckTokenAsync(context, checkSession: !refresh),
            OnChallenge = WriteChallengeAsync,
            OnForbidden = context => Problems.WriteAsync(context.HttpContext, Errors.Forbidden),
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    /// <summary>The seed description (docs/seed.md) sends <c>Authorization: &lt;token&gt;</c> as well as <c>Bearer &lt;token&gt;</c>.</summary>
    private static Task ReadBareToken(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString().Trim();
        if (header.Length > 0 && !header.Contains(' ', StringComparison.Ordinal))
        {
            context.Token = header;
        }

        return Task.CompletedTask;
    }

    private async Task CheckTokenAsync(TokenValidatedContext context, bool checkSession)
    {
        if (context.SecurityToken is not JsonWebToken token || !TokenValidation.HasRequiredClaims(token)
            || !DeviceId.TryParse(token.GetPayloadValue<string>(LudminClaims.DeviceId), out var deviceId))
        {
            context.Fail("The token lacks a claim Ludmin requires.");
            return;
        }

        if (KindRefusal(token) is { } refusal)
        {
            context.Fail(refusal);
            return;
        }

        if (!token.TryGetPayloadValue<string>(LudminClaims.Subject, out var subject) || IsSecondFactorToken(token))
        {
            return; // a public token, or a login's second step (its step, by jti, is the handler's to check in the store)
        }

        if (!UserId.TryParse(subject, out var userId)
            || !token.TryGetPayloadValue<string>(LudminClaims.Session, out var session)
            || !SessionId.TryParse(session, out var sessionId))
        {
            context.Fail("The token's subject or session is not valid.");
            return;
        }

        // Absent on tokens from before rotation (they are of the first generation); present, a whole number.
        if (token.TryGetClaim(LudminClaims.Generation, out var generation)
            && !long.TryParse(generation.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            context.Fail("The token's session generation is not valid.");
            return;
        }

        // The user must exist and the token's device still be linked by the same login: this read
        // is why a logout takes effect on the next request, on every instance.
        if (checkSession)
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<IUserRepository>();
            if (!await users.HasSessionAsync(userId, deviceId, sessionId, context.HttpContext.RequestAborted))
            {
                context.HttpContext.Items[LudminAuth.SessionEndedItem] = true;
                context.Fail("The token's device has been logged out.");
            }
        }
    }

    private static bool IsSecondFactorToken(JsonWebToken token) =>
        token.Claims.Any(c => c.Type == LudminClaims.Allowed && c.Value == LudminClaims.SecondFactorGrant);

    /// <summary>
    /// Why the token is not what its kind must be, or null: the audience of its kind, a second-factor
    /// token's subject a user id, a user token's assurance one a login makes.
    /// </summary>
    private string? KindRefusal(JsonWebToken token)
    {
        if (!rules.AudienceFitsKind(token))
        {
            return "The token's audience is not the one of its kind.";
        }

        if (!token.TryGetPayloadValue<string>(LudminClaims.Subject, out var subject))
        {
            return null;
        }

        if (IsSecondFactorToken(token))
        {
            return UserId.TryParse(subject, out _) ? null : "The token's subject is not valid.";
        }

        return CallerExtensions.TryReadAssurance(token.Claims, out _) ? null : "The token's assurance (aal, amr) is not one a login makes.";
    }

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var error = context.HttpContext.Items.ContainsKey(LudminAuth.SessionEndedItem) ? ApiErrors.From(Errors.SessionEnded)
            : context.AuthenticateFailure is SecurityTokenExpiredException ? ApiErrors.From(Errors.TokenExpired)
            : context.AuthenticateFailure is not null || context.Request.Headers.Authorization.Count > 0 ? ApiErrors.From(Errors.TokenInvalid)
            : ApiErrors.TokenMissing;
        context.Response.Headers.WWWAuthenticate =
            error == ApiErrors.TokenMissing ? "Bearer"
            : error.Code == Errors.TokenExpired.Code ? "Bearer error=\"invalid_token\", error_description=\"expired\""
            : "Bearer error=\"invalid_token\"";
        await Problems.WriteAsync(context.HttpContext, error);
    }
}
