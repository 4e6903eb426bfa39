using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.Proxy;

/// <summary>
/// Behind known proxies, the client's own address (for rate limits, the security log and the
/// metrics allow-list) comes from X-Forwarded-For. With no proxy configured the headers are
/// ignored from everyone, loopback included: ASP.NET Core believes every sender once its lists
/// of known proxies are empty, and its default list (loopback) would let any local process pick
/// the address it is counted by.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public static IServiceCollection AddLudminForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "Ludmin:Proxy:KnownProxies must hold IP addresses.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardLimit = 1;
            forwarded.ForwardedHeaders = proxies.Value.KnownProxies.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return services;
    }
}
