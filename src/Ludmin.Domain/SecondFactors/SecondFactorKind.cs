namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// A way to pass the second step of a login, by the name clients see (the login's <c>factors</c>
/// list) and the <c>amr</c> value a session passed with it carries. A further kind (passkeys) is a
/// new instance here and a new member of <see cref="SecondFactorSet"/>, not a change to these.
/// </summary>
public sealed record SecondFactorKind
{
    public static readonly SecondFactorKind Totp = new("totp", AuthenticationMethod.OneTimePassword);
    public static readonly SecondFactorKind RecoveryCode = new("recovery_code", AuthenticationMethod.RecoveryCode);

    private SecondFactorKind(string name, AuthenticationMethod method)
    {
        Name = name;
        Method = method;
    }

    /// <summary>The name on the wire (snake_case), e.g. in <c>factors: ["totp", "recovery_code"]</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>amr</c> value a login passed with this kind adds beside <c>pwd</c>.</summary>
    public AuthenticationMethod Method { get; }

    public static IReadOnlyList<SecondFactorKind> All { get; } = [Totp, RecoveryCode];

    public static bool TryParse(string? name, out SecondFactorKind? kind)
    {
        kind = All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));
        return kind is not null;
    }

    public override string ToString() => Name;
}
