using System.Diagnostics.Metrics;

namespace Ludmin.Infrastructure.Security;

/// <summary>
/// Ludmin's own instruments, on the meter <c>Ludmin</c>. Request counts and latencies per
/// endpoint come from ASP.NET Core's <c>http.server.request.duration</c> (meter
/// <c>Microsoft.AspNetCore.Hosting</c>); these add what only Ludmin knows.
/// </summary>
public sealed class LudminMetrics
{
    public const string MeterName = "Ludmin";

    // Seconds, from a native hash (~10 ms) to a wait near MaxHashWait; the default buckets are for milliseconds.
    private static readonly InstrumentAdvice<double> HashSeconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    };

    public LudminMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Logins = meter.CreateCounter<long>("ludmin.logins", unit: "{login}", description: "Login attempts, by outcome (succeeded, failed) and reason.");
        SecurityEvents = meter.CreateCounter<long>("ludmin.security.events", unit: "{event}", description: "Account events: logouts, registrations, password and email changes, resets, promotions.");
        PasskeyCeremonies = meter.CreateCounter<long>("ludmin.passkey.ceremonies", unit: "{ceremony}", description: "Passkey ceremonies finished, by ceremony (register, sign_in, second_factor), outcome (succeeded, failed) and reason.");
        HashesRefused = meter.CreateCounter<long>("ludmin.password_hashes.refused", unit: "{hash}", description: "Password hashes refused (answered 503), by reason: wait (the expected wait passed MaxHashWait) or queue_length (HashQueueLength hashes already waited).");
        HashesRunning = meter.CreateUpDownCounter<long>("ludmin.password_hashes.running", unit: "{hash}", description: "Password hashes being computed now (at most MaxConcurrentHashes).");
        HashesQueued = meter.CreateUpDownCounter<long>("ludmin.password_hashes.queued", unit: "{hash}", description: "Password hashes admitted and waiting for a hashing lane.");
        HashWaitTime = meter.CreateHistogram<double>("ludmin.password_hashes.wait_time", unit: "s", description: "How long an admitted password hash waited for a lane.", tags: null, advice: HashSeconds);
        HashDuration = meter.CreateHistogram<double>("ludmin.password_hashes.duration", unit: "s", description: "How long one password hash took to compute, by engine (native, managed; foreign for the verification of an imported hash).", tags: null, advice: HashSeconds);
    }

    public Counter<long> Logins { get; }

    public Counter<long> SecurityEvents { get; }

    public Counter<long> PasskeyCeremonies { get; }

    public Counter<long> HashesRefused { get; }

    public UpDownCounter<long> HashesRunning { get; }

    public UpDownCounter<long> HashesQueued { get; }

    public Histogram<double> HashWaitTime { get; }

    public Histogram<double> HashDuration { get; }
}
