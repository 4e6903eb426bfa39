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

    public LudminMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Logins = meter.CreateCounter<long>("ludmin.logins", unit: "{login}", description: "Login attempts, by outcome (succeeded, failed) and reason.");
        SecurityEvents = meter.CreateCounter<long>("ludmin.security.events", unit: "{event}", description: "Account events: logouts, registrations, password and email changes, resets, promotions.");
        HashesRefused = meter.CreateCounter<long>("ludmin.password_hashes.refused", unit: "{hash}", description: "Password hashes refused because the hashing queue was full (answered 503).");
    }

    public Counter<long> Logins { get; }

    public Counter<long> SecurityEvents { get; }

    public Counter<long> HashesRefused { get; }
}
