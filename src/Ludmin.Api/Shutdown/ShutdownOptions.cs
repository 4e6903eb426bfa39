namespace Ludmin.Api.Shutdown;

/// <summary><c>Ludmin:Shutdown</c>: how a stop (SIGTERM, Ctrl+C) hands the traffic over.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Ludmin:Shutdown";

    /// <summary>
    /// How long the instance keeps serving after the stop signal while readiness answers 503, so
    /// load balancers stop sending before the listener closes.
    /// </summary>
    public TimeSpan Drain { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long requests still in flight when the listener closes may take to finish.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
