using System.Diagnostics.Metrics;
using Ludmin.Infrastructure.Security;

namespace Ludmin.Infrastructure.Observability;

/// <summary>
/// What an operator watches beside the security counters, on the same meter (<c>Ludmin</c>):
/// how long store calls take and how they end, which sessions ended and why, and which rate
/// limit refused a request.
/// </summary>
public sealed class OperationsMetrics
{
    public OperationsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(LudminMetrics.MeterName);
        StoreCallDuration = meter.CreateHistogram<double>(
            "ludmin.store.call.duration",
            unit: "s",
            description: "Store calls, by operation (repository.method) and outcome (ok, refused, conflict, unavailable, cancelled, error).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        SessionsEnded = meter.CreateCounter<long>(
            "ludmin.sessions.ended",
            unit: "{event}",
            description: "Events that ended sessions, by cause (logout, password_change, reset, reuse, deletion).");
        RateLimitRefusals = meter.CreateCounter<long>(
            "ludmin.rate_limit.refusals",
            unit: "{request}",
            description: "Requests refused by a rate limit (429, or a throttled login), by limit.");
    }

    public Histogram<double> StoreCallDuration { get; }

    public Counter<long> SessionsEnded { get; }

    public Counter<long> RateLimitRefusals { get; }

    public void SessionEnded(string cause) => SessionsEnded.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void RateLimitRefused(string limit) => RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
