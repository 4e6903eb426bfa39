namespace Ludmin.Api.Tests.Support;

/// <summary>
/// A token the server must refuse, made for a logged-in session, and how it is sent.
/// <paramref name="RefusedWithinRefreshWindow"/> is false for tokens that only expired, which
/// refresh and logout still take, and which live endpoints refuse with their own code,
/// <c>token_expired</c>, instead of <c>token_invalid</c>.
/// </summary>
public sealed record RefusedToken(string Name, Func<UserSession, string> Make, bool Bare = false, bool RefusedWithinRefreshWindow = true)
{
    /// <summary>The code a live endpoint answers this token with.</summary>
    public string Code => RefusedWithinRefreshWindow ? "token_invalid" : "token_expired";

    public override string ToString() => Name;
}
