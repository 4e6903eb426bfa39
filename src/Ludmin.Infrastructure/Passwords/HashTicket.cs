using System.Diagnostics;
using Ludmin.Infrastructure.Security;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>One admitted hash: queued, then running, then done (or abandoned before it ran).</summary>
internal sealed class HashTicket(HashAdmission admission, LudminMetrics metrics)
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Done = 2;

    private readonly long _admittedAt = Stopwatch.GetTimestamp();
    private int _state;

    /// <summary>Runs the hash on the calling worker thread, measuring its wait and its time.</summary>
    public byte[] Run(Func<byte[]> hash, Argon2Engine engine) =>
        Run(hash, engine == Argon2Engine.Native ? "native" : "managed");

    /// <summary>
    /// Runs the verification of an imported hash (another scheme, another cost) in a hashing slot:
    /// it holds the slot as long as it runs, so admission counts it like any hash; its time is
    /// recorded under the engine <c>foreign</c>.
    /// </summary>
    public bool RunForeign(Func<bool> verify) => Run(() => verify() ? [1] : [], "foreign").Length == 1;

    private byte[] Run(Func<byte[]> hash, string engine)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Queued) != Queued)
        {
            throw new InvalidOperationException("A hash ticket runs once.");
        }

        var startedAt = Stopwatch.GetTimestamp();
        metrics.HashesQueued.Add(-1);
        metrics.HashWaitTime.Record(Stopwatch.GetElapsedTime(_admittedAt, startedAt).TotalSeconds);
        metrics.HashesRunning.Add(1);
        try
        {
            var result = hash();
            var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
            admission.Measured(seconds);
            metrics.HashDuration.Record(seconds, new KeyValuePair<string, object?>("engine", engine));
            return result;
        }
        finally
        {
            // Before the caller sees the result, so a caller that hashes again finds the slot free.
            metrics.HashesRunning.Add(-1);
            Volatile.Write(ref _state, Done);
            admission.Left();
        }
    }

    /// <summary>Gives the slot back if the hash never ran (cancelled while queued); once it ran, does nothing.</summary>
    public void Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, Done, Queued) == Queued)
        {
            metrics.HashesQueued.Add(-1);
            admission.Left();
        }
    }
}
