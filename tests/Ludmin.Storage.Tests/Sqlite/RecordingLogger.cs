using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>Keeps every line logged, with its level and event, for tests that count them.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Event, string Message)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Event, string Message)> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, eventId.Name ?? string.Empty, formatter(state, exception)));
}
