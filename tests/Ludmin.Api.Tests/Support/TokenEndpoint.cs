namespace Ludmin.Api.Tests.Support;

/// <summary>An endpoint that needs a token, with a request it would serve for the session's user.</summary>
public sealed record TokenEndpoint(
    string Name,
    HttpMethod Method,
    string Path,
    Func<UserSession, object?> Body,
    bool TakesExpiredTokens = false,
    bool RefreshesEndedSessions = false)
{
    /// <summary>Endpoints the attack suite sends forged tokens to (GET /users/me and POST /users/reset have their own).</summary>
    public static IEnumerable<TokenEndpoint> All()
    {
        yield return new("refresh", HttpMethod.Get, "/tokens/{device}", _ => null, TakesExpiredTokens: true, RefreshesEndedSessions: true);
        yield return new("logout", HttpMethod.Delete, "/tokens/{device}", _ => null, TakesExpiredTokens: true);
        yield return new("login", HttpMethod.Post, "/tokens", s => new { email = s.User.Email, password = s.User.Password, description = "Attack" });
        yield return new("register", HttpMethod.Post, "/users", _ => new { full_name = "Mallory", email = Unique.Email("mallory"), password = LudminApi.Password, password_confirmation = LudminApi.Password });
        yield return new("list users", HttpMethod.Get, "/users", _ => null);
        yield return new("get user by id", HttpMethod.Get, "/users/{user}", _ => null);
        yield return new("update profile", HttpMethod.Put, "/users/me", _ => new { full_name = "Mallory Was Here" });
        yield return new("complete reset", HttpMethod.Put, "/users/reset", s => new { email = s.User.Email, code = "123456", password = LudminApi.Password, password_confirmation = LudminApi.Password });
    }

    /// <summary>The endpoints AuthorizationHeaderTests sends forged tokens to.</summary>
    public static IEnumerable<TokenEndpoint> CoveredElsewhere()
    {
        yield return new("get me", HttpMethod.Get, "/users/me", _ => null);
        yield return new("request reset", HttpMethod.Post, "/users/reset", s => new { email = s.User.Email });
    }

    /// <summary>Sends the request for <paramref name="session"/> with <paramref name="token"/>, on <paramref name="device"/> (the session's by default).</summary>
    public Task<HttpResponseMessage> SendAsync(LudminApi api, UserSession session, string token, bool bare, string? device = null)
    {
        var path = Path
            .Replace("{device}", device ?? session.DeviceId, StringComparison.Ordinal)
            .Replace("{user}", session.User.Id, StringComparison.Ordinal);
        return api.SendAsync(Method, path, token, Body(session), bare);
    }

    public override string ToString() => Name;
}
