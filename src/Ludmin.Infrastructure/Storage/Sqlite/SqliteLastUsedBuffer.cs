using System.Collections.Concurrent;
using Ludmin.Domain.Users;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// The <c>last_used</c> of refreshed sessions, written behind: a refresh records it here and is
/// answered at once, and the writer stores everything recorded in one transaction (one fsync)
/// at most <see cref="FlushInterval"/> later, and once more when the app stops. Reads of this
/// process see the recorded values at once (<see cref="Overlay"/>). What a crash can lose is at
/// most the last interval's <c>last_used</c> moves: never a session, a password, an address or a
/// logout, which are written before they are acknowledged. The session check does not read this.
/// </summary>
internal sealed class SqliteLastUsedBuffer : IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly SqliteDatabase _database;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string User, string Device, string Session), long> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _flusher;

    public SqliteLastUsedBuffer(SqliteDatabase database, ILogger<SqliteLastUsedBuffer> logger)
    {
        _database = database;
        _logger = logger;
    }

    /// <summary>How many sessions have a <c>last_used</c> not yet on disk.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Records a use; a later one of the same session wins, an earlier one is ignored.</summary>
    public void Record(UserId user, DeviceId device, SessionId session, DateTimeOffset lastUsed)
    {
        var milliseconds = UnixTime.ToMilliseconds(lastUsed);
        _pending.AddOrUpdate((user.Value, device.Value, session.Value), milliseconds, (_, stored) => Math.Max(stored, milliseconds));
        EnsureFlusher();
    }

    /// <summary>The newer of the stored <paramref name="stored"/> and a recorded use not yet on disk.</summary>
    public long Overlay(string user, string device, string session, long stored) =>
        !_pending.IsEmpty && _pending.TryGetValue((user, device, session), out var recorded) ? Math.Max(stored, recorded) : stored;

    /// <summary>Writes every recorded use in one transaction; a session that ended meanwhile matches no row.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
        {
            return;
        }

        var batch = _pending.ToArray();
        await _database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE user_devices SET last_used = MAX(last_used, $last_used)
                 WHERE user_id = $user_id AND device_id = $device_id AND session_id = $session_id
                """;
            var user = command.Parameters.Add("$user_id", Microsoft.Data.Sqlite.SqliteType.Text);
            var device = command.Parameters.Add("$device_id", Microsoft.Data.Sqlite.SqliteType.Text);
            var session = command.Parameters.Add("$session_id", Microsoft.Data.Sqlite.SqliteType.Text);
            var lastUsed = command.Parameters.Add("$last_used", Microsoft.Data.Sqlite.SqliteType.Integer);
            foreach (var ((userId, deviceId, sessionId), milliseconds) in batch)
            {
                user.Value = userId;
                device.Value = deviceId;
                session.Value = sessionId;
                lastUsed.Value = milliseconds;
                command.ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken);

        // Forget only what was written: a use recorded during the write stays for the next flush.
        foreach (var entry in batch)
        {
            _pending.TryRemove(entry);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_flusher is not null)
        {
            await _flusher;
        }

        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "The last_used of {Count} sessions could not be written at shutdown.", _pending.Count);
        }

    }

    /// <summary>For containers disposed synchronously: the same final write, waited for (the writer is a thread of its own).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void EnsureFlusher()
    {
        if (_flusher is not null)
        {
            return;
        }

        lock (_gate)
        {
            _flusher ??= Task.Run(FlushPeriodicallyAsync);
        }
    }

    private async Task FlushPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await FlushAsync(_stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Kept for the next tick: the store may be back by then.
                    _logger.LogWarning(ex, "The last_used of {Count} sessions could not be written; retrying.", _pending.Count);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: DisposeAsync writes what is left.
        }
    }
}
