namespace Ludmin.Api.Authentication;

/// <summary>The authentication schemes and authorization policies endpoints name.</summary>
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

    /// <summary>The token of a login's second step, and only that.</summary>
    public const string SecondFactorToken = "second-factor-token";

    /// <summary>Set on the request when a user token's device was logged out, so the 401 can say so.</summary>
    internal const string SessionEndedItem = "ludmin.session-ended";
}
