namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// What a session's login proved: its <see cref="AssuranceLevel"/> and the RFC 8176 methods behind
/// it, as the <c>aal</c> and <c>amr</c> claims carry them. A session keeps it for its life (a
/// refresh issues the same), so only the two shapes a login can make exist: a password alone
/// (<c>aal</c> 1, <c>["pwd"]</c>), or a password and one second factor (<c>aal</c> 2,
/// <c>["pwd", method, "mfa"]</c>), or a passkey alone, whose required user verification makes it
/// two factors in one (<c>aal</c> 2, <c>["hwk", "mfa"]</c>).
/// </summary>
public sealed class Assurance : IEquatable<Assurance>
{
    private readonly AuthenticationMethod[] _methods;

    private Assurance(AssuranceLevel level, AuthenticationMethod[] methods)
    {
        Level = level;
        _methods = methods;
    }

    public static Assurance PasswordOnly { get; } = new(AssuranceLevel.Single, [AuthenticationMethod.Password]);

    /// <summary>A sign-in with a passkey alone: possession of the authenticator and its user verification.</summary>
    public static Assurance PasskeyAlone { get; } = new(AssuranceLevel.Multiple, [AuthenticationMethod.HardwareKey, AuthenticationMethod.MultipleFactors]);

    public AssuranceLevel Level { get; }

    /// <summary>The <c>amr</c> values, the first factor first.</summary>
    public IReadOnlyList<AuthenticationMethod> Methods => _methods;

    public bool IsMultiFactor => Level == AssuranceLevel.Multiple;

    /// <summary>A login that passed the password and then <paramref name="factor"/>.</summary>
    public static Assurance PasswordAnd(SecondFactorKind factor)
    {
        ArgumentNullException.ThrowIfNull(factor);
        return new Assurance(AssuranceLevel.Multiple, [AuthenticationMethod.Password, factor.Method, AuthenticationMethod.MultipleFactors]);
    }

    /// <summary>
    /// The assurance a token or a stored session names, read back; false for anything a login
    /// cannot have made (a level without its methods, an unknown method), which the caller refuses.
    /// </summary>
    public static bool TryRestore(int level, IEnumerable<string> methods, out Assurance? assurance)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var named = methods.ToList();
        assurance = Shapes().FirstOrDefault(a => (int)a.Level == level && a._methods.Select(m => m.Value).SequenceEqual(named, StringComparer.Ordinal));
        return assurance is not null;
    }

    public bool Equals(Assurance? other) => other is not null && Level == other.Level && _methods.SequenceEqual(other._methods);

    public override bool Equals(object? obj) => Equals(obj as Assurance);

    public override int GetHashCode() => HashCode.Combine(Level, _methods.Length, _methods[^1]);

    public override string ToString() => $"aal {(int)Level} [{string.Join(", ", _methods.Select(m => m.Value))}]";

    private static IEnumerable<Assurance> Shapes() => [PasswordOnly, PasskeyAlone, .. SecondFactorKind.All.Select(PasswordAnd)];
}
