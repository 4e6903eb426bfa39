using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Ludmin.Api.ErrorHandling;
using Ludmin.Application.Common;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.RateLimits;

/// <summary>
/// Per-address limits on the calls an attacker repeats: public tokens, logins, registrations
/// and resets (an IPv6 client counted by its /64, <see cref="LimitKey(IPAddress)"/>).
/// A limited request gets 429 problem+json with Retry-After. Per-account limits on failed
/// logins live in the store, so they hold across instances (see the login handler).
/// </summary>
internal static class RateLimiting
{
    public const string PublicTokens = "public-tokens";
    public const string Logins = "logins";
    public const string Registrations = "registrations";
    public const string Resets = "resets";
    public const string Imports = "imports";

    /// <summary>The per-address limit on reset requests for one email (<see cref="ResetsPerEmailLimiter"/>), as metrics name it.</summary>
    public const string ResetsPerEmail = "resets-per-email";

    /// <summary>The bytes of an IPv6 address that name its /64: the network a single subscriber is given.</summary>
    private const int SubscriberPrefixBytes = 8;

    public static IServiceCollection AddLudminRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => new[] { o.PublicTokens, o.Logins, o.Registrations, o.Resets, o.ResetsPerEmail, o.Imports }.All(l => l.PermitLimit >= 1 && l.Window > TimeSpan.Zero),
                "Ludmin:RateLimits: every limit needs a PermitLimit of at least 1 and a positive Window.")
            .ValidateOnStart();

        services.AddSingleton<ResetsPerEmailLimiter>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PublicTokens, context => ByAddress(context, o => o.PublicTokens));
            options.AddPolicy(Logins, context => ByAddress(context, o => o.Logins));
            options.AddPolicy(Registrations, context => ByAddress(context, o => o.Registrations));
            options.AddPolicy(Resets, context => ByAddress(context, o => o.Resets));
            options.AddPolicy(Imports, context => ByAddress(context, o => o.Imports));
            options.OnRejected = (context, _) => new ValueTask(RejectAsync(
                context.HttpContext,
                context.Lease,
                context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName ?? "global"));
        });
        return services;
    }

    /// <summary>429 problem+json, with Retry-After when the limiter knows when a permit comes back; counted by limit.</summary>
    public static Task RejectAsync(HttpContext context, RateLimitLease lease, string limit)
    {
        context.RequestServices.GetRequiredService<IRateLimitRefusals>().Refused(limit);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problems.WriteAsync(context, ApiErrors.RateLimited);
    }

    private static RateLimitPartition<string> ByAddress(HttpContext context, Func<RateLimitOptions, WindowLimit> pick)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        var limit = pick(options);
        return RateLimitPartition.GetFixedWindowLimiter(LimitKey(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// What per-address limits count a request against: an IPv4 address itself, but an IPv6
    /// client by its /64 (<c>2001:db8:1:2::/64</c>), since one subscriber is handed a whole /64
    /// and could otherwise take a fresh address, and a fresh allowance, for every request.
    /// Behind a proxy, configure forwarded headers so this is the client's.
    /// </summary>
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

    private static string LimitKey(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address ? LimitKey(address) : Caller.LocalAddress;
}
