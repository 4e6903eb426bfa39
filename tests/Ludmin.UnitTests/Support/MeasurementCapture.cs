using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ludmin.UnitTests.Support;

/// <summary>
/// Listens to the long counters and double histograms of the meters one <see cref="IMeterFactory"/> made, and no others,
/// so measurements of other tests or of the runtime never mix in.
/// </summary>
internal sealed class MeasurementCapture : IDisposable
{
    private readonly ConcurrentQueue<CapturedMeasurement> _measurements = new();
    private readonly ConcurrentQueue<CapturedMeasurement<double>> _histogramValues = new();
    private readonly MeterListener _listener = new();

    public MeasurementCapture(IMeterFactory factory, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copied = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copied[tag.Key] = tag.Value;
            }

            _measurements.Enqueue(new CapturedMeasurement(instrument.Name, value, copied));
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var copied = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copied[tag.Key] = tag.Value;
            }

            _histogramValues.Enqueue(new CapturedMeasurement<double>(instrument.Name, value, copied));
        });
        _listener.Start();
    }

    public IReadOnlyList<CapturedMeasurement> Measurements => [.. _measurements];

    /// <summary>The measurements of instruments of doubles (the histograms of seconds).</summary>
    public IReadOnlyList<CapturedMeasurement<double>> DoubleMeasurements => [.. _histogramValues];

    /// <summary>The sum of one long instrument's measurements: an up-down counter's current value.</summary>
    public long Sum(string instrument) => _measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    /// <summary>Asks the observable instruments for their values now, as a scrape does.</summary>
    public void RecordObservables() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();
}
