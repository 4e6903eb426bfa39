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

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MongoUnavailable", Message = "MongoDB is unavailable ({Reason}); requests that need the store answer 503.")]
    private static partial void LogUnavailable(ILogger logger, Exception? exception, string reason);
}
