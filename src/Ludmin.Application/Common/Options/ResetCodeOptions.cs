namespace Ludmin.Application.Common.Options;

/// <summary>Password reset codes (<c>Ludmin:ResetCodes</c>).</summary>
public sealed class ResetCodeOptions
{
    public const string Section = "Ludmin:ResetCodes";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Wrong tries of one code from all client addresses together, then the code is void. Higher
    /// than <see cref="MaxAttemptsPerAddress"/>, so one address cannot void the code its owner
    /// is typing; low enough that guessing across many addresses stays hopeless.
    /// </summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>
    /// Refused completions from one client address within <see cref="Lifetime"/> (wrong codes,
    /// unknown addresses, no code: all alike); past them that address is refused outright until
    /// its window passes, and its tries no longer count against anybody's code.
    /// </summary>
    public int MaxAttemptsPerAddress { get; set; } = 5;

    public int Digits { get; set; } = 6;
}
