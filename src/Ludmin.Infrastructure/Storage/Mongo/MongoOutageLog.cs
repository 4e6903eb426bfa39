using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>Logs an outage at most every few seconds: when the server is down, every request would say the same.</summary>
internal sealed partial class MongoOutageLog(TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private long _lastWarningTicks;

    public void NoteUnavailable(string reason, Exception? exception)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastWarningTicks);
        if (now - last >= WarningInterval.Ticks && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            LogUnavailable(logger, exception, reason);
        }
    }

    /// <summary>Work done apart from the request failed (never rate-limited: each is a leftover an operator may want to find).</summary>
    public void NoteDetachedFailure(string what, Exception exception) => LogDetachedFailure(logger, exception, what);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MongoDetachedWorkFailed", Message = "MongoDB: {What}; the request was answered all the same.")]
    private static partial void LogDetachedFailure(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MongoUnavailable", Message = "MongoDB is unavailable ({Reason}); requests that need the store answer 503.")]
    private static partial void LogUnavailable(ILogger logger, Exception? exception, string reason);
}
