using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// A logger provider for the test server that keeps every entry: category, level, event,
/// rendered message, structured properties, scopes and exception, so tests can look for one
/// event and for anything that must never be written.
/// </summary>
public sealed class LogCapture(LogLevel minimumLevel = LogLevel.Trace) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>The lowest level captured, in every category, whatever the configured levels say.</summary>
    public LogLevel MinimumLevel => minimumLevel;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Everything captured, as one text: messages, property values, scopes and exceptions.</summary>
    public string AllText => string.Join('\n', _entries.Select(e => e.AllText));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= capture.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var properties = new List<KeyValuePair<string, string?>>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                properties.AddRange(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture))));
            }

            var scopes = new List<string>();
            capture._scopes.ForEachScope((scope, list) => list.Add(Describe(scope)), scopes);
            capture._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), properties, scopes, exception?.ToString()));
        }

        private static string Describe(object? scope) => scope switch
        {
            IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")),
            _ => Convert.ToString(scope, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }
}
