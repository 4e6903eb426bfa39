namespace Ludmin.Storage.Tests.Mongo;

/// <summary>A raw socket that accepts connections and never reads or writes a byte: a server hung from the very start.</summary>
internal sealed class SilentServer : IAsyncDisposable
{
    private readonly LoopbackListener _listener;
    private int _accepted;

    public SilentServer()
    {
        _listener = new LoopbackListener(0, (_, _) => Interlocked.Increment(ref _accepted));
    }

    public int Port => _listener.Port;

    public int Accepted => Volatile.Read(ref _accepted);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
