namespace Ludmin.Api.Tests.Support;

/// <summary>
/// A token the server must refuse, made for a logged-in session, and how it is sent.
/// <paramref name="RefusedWithinRefreshWindow"/> is false for tokens that only expired, which
/// refresh and logout still take.
/// </summary>
public sealed record RefusedToken(string Name, Func<UserSession, string> Make, bool Bare = false, bool RefusedWithinRefreshWindow = true)
{
    public override string ToString() => Name;
}
