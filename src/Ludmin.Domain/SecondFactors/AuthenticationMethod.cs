namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// How a session's holder proved who they are, as an RFC 8176 <c>amr</c> value. The registry has
/// no value for a recovery code: <see cref="RecoveryCode"/> is Ludmin's own <c>rc</c>, documented
/// in docs/api.md. It is kept apart from <c>otp</c> on purpose: a recovery code is a printed
/// look-up secret, not a code from the enrolled device, and a resource server or an audit may want
/// to tell a login with a lost phone from an ordinary one. <see cref="MultipleFactors"/> (<c>mfa</c>)
/// accompanies every second factor, so a verifier that knows only the registry still sees one.
/// </summary>
public sealed record AuthenticationMethod
{
    public static readonly AuthenticationMethod Password = new("pwd");
    public static readonly AuthenticationMethod OneTimePassword = new("otp");
    public static readonly AuthenticationMethod RecoveryCode = new("rc");
    public static readonly AuthenticationMethod MultipleFactors = new("mfa");

    /// <summary>
    /// A passkey (<c>hwk</c>): the authenticator data carries only the presence and verification
    /// flags, so nothing finer (fingerprint, PIN, software or hardware key) can be claimed.
    /// </summary>
    public static readonly AuthenticationMethod HardwareKey = new("hwk");

    private AuthenticationMethod(string value) => Value = value;

    /// <summary>The <c>amr</c> value as tokens carry it.</summary>
    public string Value { get; }

    /// <summary>Every value Ludmin issues, for reading a session's methods back.</summary>
    public static IReadOnlyList<AuthenticationMethod> All { get; } = [Password, OneTimePassword, RecoveryCode, MultipleFactors, HardwareKey];

    public static bool TryParse(string? value, out AuthenticationMethod? method)
    {
        method = All.FirstOrDefault(m => string.Equals(m.Value, value, StringComparison.Ordinal));
        return method is not null;
    }

    public override string ToString() => Value;
}
