using System.Globalization;
using System.Threading.RateLimiting;
using Ludmin.Api.ErrorHandling;
using Ludmin.Api.Http;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.RateLimits;

/// <summary>
/// Per-address limits on the calls an attacker repeats: public tokens, logins, registrations
/// and resets (an IPv6 client counted by its /64, <see cref="ClientAddress.LimitKey(HttpContext)"/>).
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
        return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.LimitKey(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
