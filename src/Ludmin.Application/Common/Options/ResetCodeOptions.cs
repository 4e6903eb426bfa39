namespace Ludmin.Application.Common.Options;

/// <summary>Password reset codes (<c>Ludmin:ResetCodes</c>).</summary>
public sealed class ResetCodeOptions
{
    public const string Section = "Ludmin:ResetCodes";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(15);

    public int MaxAttempts { get; set; } = 5;

    public int Digits { get; set; } = 6;
}
