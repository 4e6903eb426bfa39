using Ludmin.Application.Common.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.Authentication;

internal static class AuthenticationSetup
{
    public static IServiceCollection AddLudminAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(LudminAuth.Scheme)
            .AddJwtBearer(LudminAuth.Scheme, _ => { })
            .AddJwtBearer(LudminAuth.RefreshScheme, _ => { });
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();

        services.AddAuthorizationBuilder()
            .AddPolicy(LudminAuth.AnyToken, policy => AnyToken(policy, LudminAuth.Scheme))
            .AddPolicy(LudminAuth.UserToken, policy => UserToken(policy, LudminAuth.Scheme))
            .AddPolicy(LudminAuth.MasterToken, policy => UserToken(policy, LudminAuth.Scheme).RequireClaim(LudminClaims.Allowed, LudminClaims.MasterGrant))
            .AddPolicy(LudminAuth.AnyTokenWithinRefreshWindow, policy => AnyToken(policy, LudminAuth.RefreshScheme))
            .AddPolicy(LudminAuth.UserTokenWithinRefreshWindow, policy => UserToken(policy, LudminAuth.RefreshScheme))
            .AddPolicy(LudminAuth.SecondFactorToken, policy => policy
                .AddAuthenticationSchemes(LudminAuth.Scheme).RequireAuthenticatedUser().RequireClaim(LudminClaims.DeviceId)
                .RequireClaim(LudminClaims.Allowed, LudminClaims.SecondFactorGrant));
        return services;
    }

    /// <summary>A public or a user token; a second-factor token is refused (403), as it is everywhere but its one step.</summary>
    private static AuthorizationPolicyBuilder AnyToken(AuthorizationPolicyBuilder policy, string scheme) =>
        policy.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser().RequireClaim(LudminClaims.DeviceId)
            .RequireClaim(LudminClaims.Allowed, LudminClaims.PublicGrant, LudminClaims.BasicsGrant);

    private static AuthorizationPolicyBuilder UserToken(AuthorizationPolicyBuilder policy, string scheme) =>
        AnyToken(policy, scheme).RequireClaim(LudminClaims.Subject).RequireClaim(LudminClaims.Allowed, LudminClaims.BasicsGrant);
}
