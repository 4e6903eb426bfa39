using Ludmin.Application.Common.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.Authentication;

/// <summary>
/// The authentication schemes and authorization policies endpoints name, and what each policy
/// requires (<see cref="AddLudminAuthentication"/>); how a token is checked is <see cref="JwtBearerSetup"/>.
/// </summary>
public static class LudminAuth
{
    /// <summary>A live token: unexpired, and for user tokens a device still linked.</summary>
    public const string Scheme = "Ludmin";

    /// <summary>A token of ours that may have expired within the refresh window; the handler decides what it still allows.</summary>
    public const string RefreshScheme = "LudminRefresh";

    public const string AnyToken = "any-token";
    public const string UserToken = "user-token";
    public const string MasterToken = "master-token";
    public const string AnyTokenWithinRefreshWindow = "any-token-refresh-window";
    public const string UserTokenWithinRefreshWindow = "user-token-refresh-window";

    /// <summary>Set on the request when a user token's device was logged out, so the 401 can say so.</summary>
    internal const string SessionEndedItem = "ludmin.session-ended";

    /// <summary>
    /// Both schemes, and the policies: any token carries a device; a user token also a subject
    /// and the <c>basics</c> grant; a master token also the <c>master</c> grant.
    /// </summary>
    internal static IServiceCollection AddLudminAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddJwtBearer(Scheme, _ => { })
            .AddJwtBearer(RefreshScheme, _ => { });
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();

        services.AddAuthorizationBuilder()
            .AddPolicy(AnyToken, policy => RequireAnyToken(policy, Scheme))
            .AddPolicy(UserToken, policy => RequireUserToken(policy, Scheme))
            .AddPolicy(MasterToken, policy => RequireUserToken(policy, Scheme).RequireClaim(LudminClaims.Allowed, LudminClaims.MasterGrant))
            .AddPolicy(AnyTokenWithinRefreshWindow, policy => RequireAnyToken(policy, RefreshScheme))
            .AddPolicy(UserTokenWithinRefreshWindow, policy => RequireUserToken(policy, RefreshScheme));
        return services;
    }

    private static AuthorizationPolicyBuilder RequireAnyToken(AuthorizationPolicyBuilder policy, string scheme) =>
        policy.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser().RequireClaim(LudminClaims.DeviceId);

    private static AuthorizationPolicyBuilder RequireUserToken(AuthorizationPolicyBuilder policy, string scheme) =>
        RequireAnyToken(policy, scheme).RequireClaim(LudminClaims.Subject).RequireClaim(LudminClaims.Allowed, LudminClaims.BasicsGrant);
}
