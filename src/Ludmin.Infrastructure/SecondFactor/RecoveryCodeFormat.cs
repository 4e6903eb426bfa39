using System.Security.Cryptography;
using System.Text;

namespace Ludmin.Infrastructure.SecondFactor;

/// <summary>
/// How recovery codes look: 12 symbols of Crockford's base32 (digits and letters without I, L, O
/// and U, which people misread) in three groups, <c>7k2m-9xq4-hw3d</c>: 60 bits from the CSPRNG,
/// short enough to copy from paper. Typing is forgiving the way Crockford meant: case, dashes and
/// spaces do not matter, and O, I and L are read as 0, 1 and 1.
/// </summary>
internal static class RecoveryCodeFormat
{
    public const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    public const int Symbols = 12;
    public const int GroupLength = 4;

    /// <summary>log2(32) = 5 bits a symbol.</summary>
    public const int BitsOfRandomness = Symbols * 5;

    public static string NewCode()
    {
        var code = new StringBuilder(Symbols + (Symbols / GroupLength) - 1);
        for (var i = 0; i < Symbols; i++)
        {
            if (i > 0 && i % GroupLength == 0)
            {
                code.Append('-');
            }

            code.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        }

        return code.ToString();
    }

    /// <summary>The symbols a typed code stands for, the one form that is hashed.</summary>
    public static string Normalize(string typed)
    {
        var symbols = new StringBuilder(Symbols);
        foreach (var c in typed)
        {
            var lower = char.ToLowerInvariant(c);
            switch (lower)
            {
                case '-' or ' ' or '\t':
                    continue;
                case 'o':
                    symbols.Append('0');
                    break;
                case 'i' or 'l':
                    symbols.Append('1');
                    break;
                default:
                    symbols.Append(lower);
                    break;
            }
        }

        return symbols.ToString();
    }
}
