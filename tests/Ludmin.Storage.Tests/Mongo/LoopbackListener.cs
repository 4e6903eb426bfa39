using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// The socket side of the test servers (<see cref="FakeMongoServer"/>, <see cref="SilentServer"/>):
/// a loopback listener that accepts until it is disposed, hands each connection to
/// <c>accepted</c>, and closes every connection it accepted when it is disposed, so a test never
/// leaves a socket behind for the driver to wait on.
/// </summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Action<TcpClient, CancellationToken> _accepted;
    private readonly Task _accepting;

    /// <param name="port">The port to listen on; 0 for a free one.</param>
    /// <param name="accepted">
    /// Called on the accepting loop with each connection and the token that is cancelled when the
    /// listener is disposed; it must not block.
    /// </param>
    public LoopbackListener(int port, Action<TcpClient, CancellationToken> accepted)
    {
        _accepted = accepted;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while accepting.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(stopping);
            _clients.Add(client);
            _accepted(client, stopping);
        }
    }
}
