using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd, started by tests/smtp/capture_server.py) that
/// writes each message it receives to a folder. Without aiosmtpd the test is skipped with the
/// reason, unless <c>LUDMIN_REQUIRE_SMTP=1</c> (CI sets it), which makes its absence a failure.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    public const string RequireVariable = "LUDMIN_REQUIRE_SMTP";

    private readonly Process _process;

    private SmtpTestServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    public string Folder { get; }

    /// <summary>A loopback port nobody listens on now (the server may be started on it later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<SmtpTestServer> StartAsync(int? port = null, string? folder = null)
    {
        DebianPython.Require("aiosmtpd", ["python3-aiosmtpd"], RequireVariable);
        var chosen = port ?? FreePort();
        folder ??= Directory.CreateTempSubdirectory("ludmin-smtp-").FullName;
        var start = new ProcessStartInfo(DebianPython.Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "tests", "smtp", "capture_server.py"));
        start.ArgumentList.Add(chosen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(folder);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The SMTP server did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (ready != "ready")
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill();
            throw new InvalidOperationException($"The SMTP server did not get ready: {ready} {error}");
        }

        return new SmtpTestServer(process, chosen, folder);
    }

    /// <summary>The messages received so far, waiting up to a few seconds for <paramref name="count"/> of them.</summary>
    public async Task<IReadOnlyList<string>> MessagesAsync(int count = 1)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var files = Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).ToList();
            if (files.Count >= count)
            {
                return [.. files.Select(File.ReadAllText)];
            }

            await Task.Delay(50);
        }

        return [.. Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ludmin.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Ludmin.sln was not found above the test binaries.");
    }
}
