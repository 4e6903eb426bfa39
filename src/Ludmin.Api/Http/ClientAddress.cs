using Ludmin.Application.Common;

namespace Ludmin.Api.Http;

/// <summary>
/// The one reading of where a request came from, for the rate limits and for the caller the
/// security log names. Behind a proxy, configure forwarded headers so this is the client's.
/// </summary>
internal static class ClientAddress
{
    /// <summary>An IPv4 client on a dual-stack socket arrives as <c>::ffff:a.b.c.d</c>; it is counted and logged as <c>a.b.c.d</c>.</summary>
    public static string Of(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : Caller.LocalAddress;
}
