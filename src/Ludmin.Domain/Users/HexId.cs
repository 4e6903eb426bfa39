using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ludmin.Domain.Users;

/// <summary>
/// The rules <see cref="UserId"/>, <see cref="DeviceId"/> and <see cref="SessionId"/> share: 32
/// hex digits (16 bytes), kept lowercase. They stay structs, because they sit on every request's
/// path (a token carries all three) and a struct costs no allocation beside its string; so a
/// <c>default</c> one exists, holding nothing. <see cref="Require"/> is what makes it unusable:
/// each of them reads its digits through it, for the value, equality, hashing and printing, so a
/// default id throws at its first use instead of passing for an empty or equal one.
/// </summary>
internal static class HexId
{
    public const int Digits = 32;

    public const int Bytes = Digits / 2;

    /// <summary>Digits from the CSPRNG: for ids a guesser must not find.</summary>
    public static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>The lowercase digits of <paramref name="text"/> when it is exactly 32 hex digits.</summary>
    public static bool TryNormalize([NotNullWhen(true)] string? text, [NotNullWhen(true)] out string? digits)
    {
        digits = null;
        if (text is not { Length: Digits })
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        digits = text.ToLowerInvariant();
        return true;
    }

    /// <summary>The digits of an id, or the exception a <c>default</c> one deserves.</summary>
    public static string Require(string? digits, string kind) =>
        digits ?? throw new InvalidOperationException($"This {kind} is default and has no value; a {kind} comes from New() or Parse().");
}
