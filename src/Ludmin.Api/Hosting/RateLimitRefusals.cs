using Ludmin.Api.RateLimits;
using Ludmin.Infrastructure.Observability;

namespace Ludmin.Api.Hosting;

/// <summary>The rate limits' refusals on <see cref="OperationsMetrics.RateLimitRefusals"/>.</summary>
internal sealed class RateLimitRefusals(OperationsMetrics metrics) : IRateLimitRefusals
{
    public void Refused(string limit) => metrics.RateLimitRefused(limit);
}
