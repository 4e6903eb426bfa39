namespace Ludmin.Api.Telemetry;

/// <summary>
/// Who may scrape <c>GET /metrics</c> (<c>Ludmin:Metrics</c>). Outside Development nobody may
/// until one of these is set: the scrape names routes, error rates and load, which is not the
/// public's to read.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Ludmin:Metrics";

    /// <summary>Serve the scrape at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Client addresses or networks (<c>10.0.0.0/8</c>, <c>127.0.0.1</c>, <c>::1</c>) that may scrape.</summary>
    public IList<string> AllowedAddresses { get; } = [];

    /// <summary>A local port that serves the scrape to anyone who reaches it (list it in <c>Urls</c> too, and keep it off the public network).</summary>
    public int? Port { get; set; }
}
