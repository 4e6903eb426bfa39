namespace Ludmin.Application.Common.Models;

/// <summary>How a token was obtained, as the original description (docs/seed.md) names it in the <c>type</c> field.</summary>
public static class TokenKind
{
    public const string Public = "public";
    public const string Login = "login";
    public const string Refresh = "refresh";

    /// <summary>A login whose password was right on an account with a second factor: the token allows only the second step.</summary>
    public const string SecondFactor = "second_factor";
}
