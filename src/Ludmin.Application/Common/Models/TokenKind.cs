namespace Ludmin.Application.Common.Models;

/// <summary>How a token was obtained, as the original description (docs/seed.md) names it in the <c>type</c> field.</summary>
public static class TokenKind
{
    public const string Public = "public";
    public const string Login = "login";
    public const string Refresh = "refresh";
}
