namespace Ludmin.Application.Common.Options;

/// <summary>The password policy (<c>Ludmin:Passwords</c>).</summary>
public sealed class PasswordOptions
{
    public const string Section = "Ludmin:Passwords";

    public int MinLength { get; set; } = 8;

    /// <summary>An upper bound keeps hashing cost and memory predictable whatever a client sends.</summary>
    public int MaxLength { get; set; } = 128;
}
