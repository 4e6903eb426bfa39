using System.Net;
using Ludmin.Api.ErrorHandling;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.Telemetry;

/// <summary>
/// Stands before the Prometheus exporter: a scrape from an address or port not configured for
/// it is answered 404 problem+json, as if there were no such path. Development serves it to
/// anyone when nothing is configured; every other environment serves it to nobody then.
/// </summary>
internal sealed class MetricsAccess(RequestDelegate next, IOptions<MetricsOptions> options, IHostEnvironment environment)
{
    private readonly IPNetwork[] _networks = [.. options.Value.AllowedAddresses.Select(ParseNetwork)];

    public Task InvokeAsync(HttpContext context) =>
        Allowed(context) ? next(context) : Problems.WriteAsync(context, ApiErrors.NotFound);

    private bool Allowed(HttpContext context)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return false;
        }

        if (settings.Port is null && _networks.Length == 0)
        {
            return environment.IsDevelopment();
        }

        if (settings.Port is { } port && context.Connection.LocalPort == port)
        {
            return true;
        }

        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        remote = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return _networks.Any(network => network.Contains(remote));
    }

    private static IPNetwork ParseNetwork(string value)
    {
        var text = value.Trim();
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        throw new InvalidOperationException($"{MetricsOptions.Section}:AllowedAddresses: '{text}' is neither an address nor a network (such as 10.0.0.0/8).");
    }
}
