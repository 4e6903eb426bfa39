namespace Ludmin.Api.Proxy;

/// <summary>The reverse proxies in front of Ludmin (<c>Ludmin:Proxy</c>), whose X-Forwarded-For is believed.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Ludmin:Proxy";

    /// <summary>
    /// Addresses of the proxies (or load balancers) that terminate TLS and forward to Ludmin. Only
    /// their X-Forwarded-For and X-Forwarded-Proto headers are used: from anyone else the headers
    /// are ignored, so a client cannot pick the address its rate limits are counted against.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];
}
