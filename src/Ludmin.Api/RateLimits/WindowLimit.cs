namespace Ludmin.Api.RateLimits;

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}
