using System.Diagnostics.Metrics;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Security;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Infrastructure.Observability;

/// <summary>The imported-hashes gauge reports the store's count by format, recounted at most once a minute.</summary>
public sealed class ImportedHashesGaugeTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeasurementCapture _measurements;
    private readonly Mock<IUserRepository> _users = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-08T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ImportedHashesGauge _gauge;

    public ImportedHashesGaugeTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _measurements = new MeasurementCapture(meters, LudminMetrics.MeterName);
        _gauge = new ImportedHashesGauge(meters, _users.Object, _clock, NullLogger<ImportedHashesGauge>.Instance);
    }

    [Test]
    public async Task Observe_AfterACount_ReportsEachFormatOfTheStore()
    {
        Counts(("bcrypt", 3), ("none", 2));
        await _gauge.RefreshAsync(CancellationToken.None);

        _measurements.RecordObservables();

        Assert.That(Gauge(), Is.EquivalentTo(new[] { "bcrypt=3", "none=2" }));
    }

    [Test]
    public async Task Observe_WithinAMinuteOfTheCount_KeepsItThenCountsAgain()
    {
        Counts(("bcrypt", 3));
        await _gauge.RefreshAsync(CancellationToken.None);
        Counts(("bcrypt", 1));

        _clock.Advance(TimeSpan.FromSeconds(59));
        _measurements.RecordObservables();
        await Task.Delay(50);
        _users.Verify(u => u.CountImportedHashesAsync(It.IsAny<CancellationToken>()), Times.Once, "no recount within the minute");

        _clock.Advance(TimeSpan.FromSeconds(1));
        _measurements.RecordObservables();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_users.Invocations.Count(i => i.Method.Name == nameof(IUserRepository.CountImportedHashesAsync)) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(50);
        _measurements.RecordObservables();
        Assert.That(Gauge().Last(), Is.EqualTo("bcrypt=1"));
    }

    public void Dispose()
    {
        _measurements.Dispose();
        _services.Dispose();
    }

    private void Counts(params (string Format, long Count)[] counts) =>
        _users.Setup(u => u.CountImportedHashesAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(counts.ToDictionary(c => c.Format, c => c.Count));

    private List<string> Gauge() =>
        [.. _measurements.Measurements.Where(m => m.Instrument == "ludmin.users.imported_hashes").Select(m => $"{m.Tags["format"]}={m.Value}")];
}
