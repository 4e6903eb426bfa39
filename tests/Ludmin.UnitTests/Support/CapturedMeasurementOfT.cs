namespace Ludmin.UnitTests.Support;

/// <summary>One measurement of an instrument of doubles (a histogram of seconds, say), with its tags.</summary>
internal sealed record CapturedMeasurement<T>(string Instrument, T Value, IReadOnlyDictionary<string, object?> Tags)
    where T : struct;
