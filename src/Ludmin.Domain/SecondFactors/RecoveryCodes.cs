using System.Security.Cryptography;
using System.Text;
using Ludmin.Domain.Common;

namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// A user's recovery codes, kept only as keyed hashes (the codes themselves are shown once, when
/// the set is made). Each works once: <see cref="Use"/> returns the set without it. Immutable.
/// </summary>
public sealed class RecoveryCodes
{
    /// <summary>How many codes a new set holds.</summary>
    public const int SetSize = 10;

    private readonly string[] _hashes;

    private RecoveryCodes(string[] hashes) => _hashes = hashes;

    public static RecoveryCodes None { get; } = new([]);

    public IReadOnlyList<string> Hashes => _hashes;

    /// <summary>How many codes are still unused (<c>recovery_codes_left</c>).</summary>
    public int Left => _hashes.Length;

    /// <summary>A new full set, from the hashes of <see cref="SetSize"/> fresh codes.</summary>
    public static RecoveryCodes Issue(IEnumerable<string> hashes)
    {
        var set = Checked(hashes);
        if (set.Length != SetSize)
        {
            throw new ArgumentException($"A new set holds {SetSize} codes, not {set.Length}.", nameof(hashes));
        }

        return new RecoveryCodes(set);
    }

    /// <summary>What is left of a set, as the store kept it.</summary>
    public static RecoveryCodes Restore(IEnumerable<string> hashes)
    {
        var set = Checked(hashes);
        if (set.Length > SetSize)
        {
            throw new ArgumentException($"A set holds at most {SetSize} codes.", nameof(hashes));
        }

        return new RecoveryCodes(set);
    }

    public bool Contains(string hash) => IndexOf(hash) >= 0;

    /// <summary>Spends the code with this hash; an unknown or spent one is a wrong second factor.</summary>
    public RecoveryCodes Use(string hash)
    {
        var index = IndexOf(hash);
        if (index < 0)
        {
            throw new DomainException(Errors.SecondFactorInvalid);
        }

        return new RecoveryCodes([.. _hashes[..index], .. _hashes[(index + 1)..]]);
    }

    /// <summary>
    /// Compares with every hash, without stopping at a match: the hashes are keyed, so timing would
    /// tell little, but looking through all ten costs nothing.
    /// </summary>
    private int IndexOf(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var wanted = Encoding.UTF8.GetBytes(hash);
        var found = -1;
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(_hashes[i]), wanted))
            {
                found = i;
            }
        }

        return found;
    }

    private static string[] Checked(IEnumerable<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var set = hashes.ToArray();
        if (set.Any(string.IsNullOrWhiteSpace) || set.Distinct(StringComparer.Ordinal).Count() != set.Length)
        {
            throw new ArgumentException("Recovery code hashes are non-blank and distinct.", nameof(hashes));
        }

        return set;
    }
}
