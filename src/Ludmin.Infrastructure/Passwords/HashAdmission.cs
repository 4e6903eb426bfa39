using Ludmin.Infrastructure.Security;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// Admits a hash while the time it would wait for a lane stays under
/// <see cref="PasswordHashingOptions.MaxHashWait"/>. The wait is estimated from the queue and a
/// moving average of measured hash times: with every lane busy, a newcomer waits for one lane
/// to free and then for each hash queued ahead of it, and the lanes work through them side by
/// side, so (queued ahead + 1) x average ÷ lanes. A fixed queue length was either too short
/// for a fast engine (a burst refused that would have been hashed in well under a second) or
/// too long for a slow one; a wait is what a caller feels. <see cref="PasswordHashingOptions.HashQueueLength"/>
/// stays as a hard cap on waiting hashes, a memory bound for when the estimate is low.
/// </summary>
internal sealed class HashAdmission
{
    // Weight of the newest measurement: about the last ten hashes count, so the estimate follows
    // a change of load within a second or so of hashing without jumping on one slow hash.
    private const double Smoothing = 0.2;

    private readonly Lock _lock = new();
    private readonly int _lanes;
    private readonly double _maxWaitSeconds;
    private readonly int _maxWaiting;
    private readonly LudminMetrics _metrics;
    private double _averageSeconds;
    private int _admitted;

    /// <param name="firstEstimate">The hash time to assume until one is measured; the hasher measures one at start.</param>
    public HashAdmission(int lanes, TimeSpan maxWait, int maxWaiting, TimeSpan firstEstimate, LudminMetrics metrics)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        _lanes = lanes;
        _maxWaitSeconds = maxWait.TotalSeconds;
        _maxWaiting = maxWaiting;
        _averageSeconds = firstEstimate.TotalSeconds;
        _metrics = metrics;
    }

    /// <summary>The moving average the estimates use.</summary>
    public TimeSpan AverageHashTime
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromSeconds(_averageSeconds);
            }
        }
    }

    /// <summary>A ticket for one hash, or null with how long until the queue ahead is worked off.</summary>
    public HashTicket? TryAdmit(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var ahead = _admitted - _lanes;
            if (ahead >= 0)
            {
                var wait = (ahead + 1) * _averageSeconds / _lanes;
                var reason = ahead >= _maxWaiting ? "queue_length" : wait >= _maxWaitSeconds ? "wait" : null;
                if (reason is not null)
                {
                    retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait)));
                    _metrics.HashesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
                    return null;
                }
            }

            _admitted++;
        }

        retryAfter = TimeSpan.Zero;
        _metrics.HashesQueued.Add(1);
        return new HashTicket(this, _metrics);
    }

    /// <summary>One hash took this long; the estimate moves toward it.</summary>
    internal void Measured(double seconds)
    {
        lock (_lock)
        {
            _averageSeconds += Smoothing * (seconds - _averageSeconds);
        }
    }

    /// <summary>A hash is done, or left the queue without running.</summary>
    internal void Left()
    {
        lock (_lock)
        {
            _admitted--;
        }
    }
}
