namespace Ludmin.Api.Tests.Support;

/// <summary>A token the server must refuse, made for a logged-in session, and how it is sent.</summary>
public sealed record RefusedToken(string Name, Func<UserSession, string> Make, bool Bare)
{
    public override string ToString() => Name;
}
