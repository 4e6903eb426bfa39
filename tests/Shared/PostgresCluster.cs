using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ludmin.Tests.Shared;

/// <summary>
/// A real PostgreSQL server for the tests: the one named by <c>LUDMIN_TEST_POSTGRES</c> (an Npgsql
/// connection string) when set, else a throwaway cluster of Debian's <c>postgresql</c> made with
/// <c>initdb</c> in a temporary folder, on a free loopback port, with fsync on, run as the
/// <c>postgres</c> user when the tests run as root (initdb and pg_ctl refuse root). Without the
/// binaries the test is ignored with the reason, unless <c>LUDMIN_REQUIRE_POSTGRES=1</c> (CI sets
/// it), which makes their absence a failure. Each fixture asks for a database of its own.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    public const string RequireVariable = "LUDMIN_REQUIRE_POSTGRES";
    public const string ServerVariable = "LUDMIN_TEST_POSTGRES";
    private const string SuperUser = "postgres";

    private readonly string? _binaries;
    private readonly string? _folder;

    private PostgresCluster(string serverConnectionString, string? binaries, string? folder, int port)
    {
        ServerConnectionString = serverConnectionString;
        _binaries = binaries;
        _folder = folder;
        Port = port;
    }

    /// <summary>The connection string of the server's maintenance database (<c>postgres</c>).</summary>
    public string ServerConnectionString { get; }

    /// <summary>The loopback port of a throwaway cluster (0 for a server named by the environment).</summary>
    public int Port { get; }

    /// <summary>The cluster's data folder, for tests that stop, kill or copy it (null for a named server).</summary>
    public string? DataDirectory => _folder is null ? null : Path.Combine(_folder, "data");

    public static async Task<PostgresCluster> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } named)
        {
            return new PostgresCluster(named, null, null, 0);
        }

        var binaries = Binaries();
        var folder = Directory.CreateTempSubdirectory("ludmin-pg-").FullName;
        var port = FreePort();
        var cluster = new PostgresCluster(
            $"Host=127.0.0.1;Port={port};Username={SuperUser};Database=postgres;Pooling=false",
            binaries,
            folder,
            port);
        try
        {
            await cluster.InitializeAsync();
            await cluster.StartServerAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>A new, empty database on the server, and its connection string (pooled, as the API connects).</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        // PostgreSQL keeps 63 bytes of a name; the random part, last, keeps names apart.
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        name = name[Math.Max(0, name.Length - 63)..];
        await SqlAsync($"CREATE DATABASE \"{name}\"");
        return ConnectionStringFor(name);
    }

    /// <summary>The connection string of <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database) =>
        ServerConnectionString.Replace("Database=postgres", $"Database={database}", StringComparison.Ordinal)
            .Replace(";Pooling=false", string.Empty, StringComparison.Ordinal);

    /// <summary>Runs <paramref name="sql"/> with psql on <paramref name="database"/> and returns what it printed (unaligned, tuples only).</summary>
    public async Task<string> SqlAsync(string sql, string database = "postgres")
    {
        if (_binaries is null)
        {
            throw new InvalidOperationException("SqlAsync needs a throwaway cluster's psql; a named server is reached through Npgsql.");
        }

        return await RunAsync(Path.Combine(_binaries, "psql"), asPostgres: false,
            "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser,
            "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql);
    }

    /// <summary>Ends the server at once, as a crash would (SIGKILL of the postmaster), for failover tests.</summary>
    public async Task KillAsync()
    {
        var pidFile = Path.Combine(DataDirectory ?? throw new InvalidOperationException("Only a throwaway cluster can be killed."), "postmaster.pid");
        var pid = int.Parse((await File.ReadAllLinesAsync(pidFile))[0], CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is null || _binaries is null)
        {
            return;
        }

        if (File.Exists(Path.Combine(_folder, "data", "postmaster.pid")))
        {
            try
            {
                await PgCtlAsync("stop", "-m", "immediate", "-w");
            }
            catch (InvalidOperationException)
            {
                // Already gone (a test killed it): the folder is removed all the same.
            }
        }

        Directory.Delete(_folder, recursive: true);
    }

    private async Task InitializeAsync()
    {
        if (RunningAsRoot())
        {
            await RunAsync("chown", asPostgres: false, "-R", $"{SuperUser}:{SuperUser}", _folder!);
        }

        await RunAsync(Path.Combine(_binaries!, "initdb"), asPostgres: true,
            "-D", DataDirectory!, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync(Path.Combine(DataDirectory!, "postgresql.conf"), string.Join('\n',
            $"port = {Port}",
            "listen_addresses = '127.0.0.1'",
            $"unix_socket_directories = '{_folder}'",
            "fsync = on",
            "max_connections = 200",
            "shared_buffers = 32MB",
            "") + '\n');
    }

    private Task StartServerAsync() =>
        PgCtlAsync("start", "-w", "-t", "60", "-l", Path.Combine(_folder!, "server.log"));

    private Task<string> PgCtlAsync(params string[] arguments) =>
        RunAsync(Path.Combine(_binaries!, "pg_ctl"), asPostgres: true, ["-D", DataDirectory!, .. arguments]);

    private static async Task<string> RunAsync(string program, bool asPostgres, params string[] arguments)
    {
        var start = asPostgres && RunningAsRoot()
            ? new ProcessStartInfo("runuser", ["-u", SuperUser, "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }

        return (await output).Trim();
    }

    /// <summary>The newest installed server's binaries (Debian keeps each major version in its own folder).</summary>
    private static string Binaries()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        if (found is null)
        {
            var reason = $"Debian's postgresql is not installed (no /usr/lib/postgresql/*/bin/initdb) and {ServerVariable} is not set: run .ci/install, or apt-get install postgresql.";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        return found!;
    }

    private static bool RunningAsRoot() => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
