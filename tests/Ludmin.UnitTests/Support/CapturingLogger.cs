using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ludmin.UnitTests.Support;

/// <summary>A logger of one category that hands each entry, with its structured state, to a shared queue.</summary>
internal sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLogEntry> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : [];
        entries.Enqueue(new CapturedLogEntry(category, logLevel, eventId, formatter(state, exception), properties));
    }
}
