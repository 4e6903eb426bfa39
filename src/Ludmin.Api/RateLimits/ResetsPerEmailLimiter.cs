using System.Threading.RateLimiting;
using Ludmin.Domain.Users;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.RateLimits;

/// <summary>
/// Reset requests per target address (normalized), whoever sends them. It counts every address
/// alike, registered or not. Past it a request is answered 202 and sends nothing (not 429: that
/// would let a stranger keep the owner from asking; the owner has the live code already).
/// </summary>
public sealed class ResetsPerEmailLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.ResetsPerEmail.PermitLimit,
            Window = options.Value.ResetsPerEmail.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>A lease for one request for <paramref name="email"/>; check <see cref="RateLimitLease.IsAcquired"/>.</summary>
    public RateLimitLease Acquire(string email) =>
        options.Value.Enabled ? _limiter.AttemptAcquire(EmailAddress.Normalize(email)) : NoLimit.Lease;

    public void Dispose() => _limiter.Dispose();

    private sealed class NoLimit : RateLimitLease
    {
        public static readonly NoLimit Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
