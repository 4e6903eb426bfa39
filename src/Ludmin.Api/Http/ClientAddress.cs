using System.Net;
using System.Net.Sockets;
using Ludmin.Application.Common;

namespace Ludmin.Api.Http;

/// <summary>
/// The one reading of where a request came from, for the rate limits and for the caller the
/// security log names. Behind a proxy, configure forwarded headers so this is the client's.
/// </summary>
internal static class ClientAddress
{
    /// <summary>The bytes of an IPv6 address that name its /64: the network a single subscriber is given.</summary>
    private const int SubscriberPrefixBytes = 8;

    /// <summary>An IPv4 client on a dual-stack socket arrives as <c>::ffff:a.b.c.d</c>; it is counted and logged as <c>a.b.c.d</c>.</summary>
    public static string Of(HttpContext context) =>
        Remote(context) is { } address ? address.ToString() : Caller.LocalAddress;

    /// <summary>
    /// What per-address limits count a request against: an IPv4 address itself, but an IPv6
    /// client by its /64 (<c>2001:db8:1:2::/64</c>), since one subscriber is handed a whole /64
    /// and could otherwise take a fresh address, and a fresh allowance, for every request.
    /// </summary>
    public static string LimitKey(HttpContext context) =>
        Remote(context) is { } address ? LimitKey(address) : Caller.LocalAddress;

    /// <inheritdoc cref="LimitKey(HttpContext)"/>
    public static string LimitKey(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (plain.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return plain.ToString();
        }

        var bytes = plain.GetAddressBytes();
        Array.Clear(bytes, SubscriberPrefixBytes, bytes.Length - SubscriberPrefixBytes);
        return new IPAddress(bytes) + "/64";
    }

    private static IPAddress? Remote(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : context.Connection.RemoteIpAddress;
}
