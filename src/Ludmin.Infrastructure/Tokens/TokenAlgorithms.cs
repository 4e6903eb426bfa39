namespace Ludmin.Infrastructure.Tokens;

/// <summary>The values of <c>Ludmin:Tokens:Algorithm</c>.</summary>
public static class TokenAlgorithms
{
    public const string Es256 = "ES256";
    public const string Hs256 = "HS256";
}
