using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// Logs a store failure once with its cause, not once per request: the first failure, then
/// at most one line every <see cref="Quiet"/> while the same cause lasts (with how many were
/// refused meanwhile), and one line when the store serves again.
/// </summary>
internal sealed partial class SqliteFaultLog(ILogger logger, TimeProvider clock)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private string? _cause;
    private long _loggedAt;
    private int _suppressed;
    private volatile bool _failing;
    private long _failures;

    /// <summary>
    /// How many operations have failed since the start: readiness compares it with what it saw at
    /// its last probe, so a failure a request just met is never hidden behind a cached "ready".
    /// </summary>
    public long Failures => Interlocked.Read(ref _failures);

    public void Failed(string cause, Exception? exception, bool critical)
    {
        Interlocked.Increment(ref _failures);
        int suppressed;
        lock (_gate)
        {
            _failing = true;
            var now = clock.GetTimestamp();
            if (cause == _cause && clock.GetElapsedTime(_loggedAt, now) < Quiet)
            {
                _suppressed++;
                return;
            }

            suppressed = _suppressed;
            _cause = cause;
            _loggedAt = now;
            _suppressed = 0;
        }

        if (critical)
        {
            LogCritical(exception, cause, suppressed);
        }
        else
        {
            LogFailed(exception, cause, suppressed);
        }
    }

    /// <summary>Called after every operation that worked: one volatile read unless the store was failing.</summary>
    public void Succeeded()
    {
        if (!_failing)
        {
            return;
        }

        lock (_gate)
        {
            if (!_failing)
            {
                return;
            }

            _failing = false;
            _cause = null;
            _suppressed = 0;
        }

        LogRecovered();
    }

    [LoggerMessage(Level = LogLevel.Error, EventId = 2001, EventName = "SqliteUnavailable", Message = "SQLite store unavailable, requests answered 503 store_unavailable: {Cause} ({Suppressed} more refused since the last line).")]
    private partial void LogFailed(Exception? exception, string cause, int suppressed);

    [LoggerMessage(Level = LogLevel.Critical, EventId = 2002, EventName = "SqliteFileLost", Message = "SQLite store unusable, requests answered 503 store_unavailable: {Cause} ({Suppressed} more refused since the last line).")]
    private partial void LogCritical(Exception? exception, string cause, int suppressed);

    [LoggerMessage(Level = LogLevel.Information, EventId = 2003, EventName = "SqliteRecovered", Message = "SQLite store serves again.")]
    private partial void LogRecovered();
}
