namespace Ludmin.UnitTests.Support;

/// <summary>One value recorded on a counter, with its tags.</summary>
internal sealed record CapturedMeasurement(string Instrument, long Value, IReadOnlyDictionary<string, object?> Tags);
