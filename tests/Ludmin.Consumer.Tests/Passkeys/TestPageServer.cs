using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ludmin.Consumer.Tests.Passkeys;

/// <summary>
/// Serves the passkey test page at <c>http://localhost:{port}/</c>: an origin of its own (not the
/// API's), which WebAuthn treats as a secure context, and which the API is configured to allow
/// for passkeys and CORS.
/// </summary>
internal sealed class TestPageServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _page;
    private readonly Task _serving;

    public TestPageServer(int port, string apiAddress)
    {
        Port = port;
        Origin = $"http://localhost:{Port}";
        _page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Passkeys", "passkey-page.html")).Replace("__API__", apiAddress.TrimEnd('/'), StringComparison.Ordinal);
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Chosen before the API starts, so its settings can name the page's origin.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public int Port { get; }

    public string Origin { get; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _serving.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(_page);
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
