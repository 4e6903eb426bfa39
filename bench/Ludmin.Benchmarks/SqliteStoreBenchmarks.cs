using BenchmarkDotNet.Attributes;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;

namespace Ludmin.Benchmarks;

/// <summary>
/// The store on a request's path: the session check of every user-token request (a device
/// row), a read of a whole user by id; a login reads by email and links a device (a durable
/// write: WAL, synchronous=FULL, so an fsync); a refresh reads and touches its session, whose
/// last_used the API writes behind (<see cref="SqliteLastUsedBuffer"/>); without the buffer
/// (the command-line tools) the touch is a durable write of its own.
/// </summary>
[MemoryDiagnoser]
public class SqliteStoreBenchmarks
{
    private string _folder = null!;
    private SqliteDatabase _database = null!;
    private SqliteUserRepository _users = null!;
    private SqliteUserRepository _usersWritingBehind = null!;
    private SqliteLastUsedBuffer _lastUsed = null!;
    private User _user = null!;
    private DeviceId _device;
    private SessionId? _session;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("ludmin-bench-").FullName;
        _database = new SqliteDatabase(Path.Combine(_folder, "ludmin.db"), readerThreads: 2);
        _users = new SqliteUserRepository(_database);
        _lastUsed = new SqliteLastUsedBuffer(_database, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteLastUsedBuffer>.Instance);
        _usersWritingBehind = new SqliteUserRepository(_database, _lastUsed);
        for (var i = 0; i < 10_000; i++)
        {
            var user = User.Register(UserId.New(), FullName.Create($"User {i}"), EmailAddress.Create($"user{i}@example.com"), PasswordHash.FromStored("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"), DateTimeOffset.UtcNow);
            user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Laptop"), DateTimeOffset.UtcNow);
            await _users.AddAsync(user, CancellationToken.None);
            _user = user;
        }

        _device = _user.Devices[0].DeviceId;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _lastUsed.Dispose();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public Task<User?> FindById() => _users.FindByIdAsync(_user.Id, CancellationToken.None);

    [Benchmark]
    public async Task<bool> HasSession()
    {
        // The session moves on with every relink, so ask for the stored one.
        _session ??= (await _users.FindByIdAsync(_user.Id, CancellationToken.None))!.SessionOf(_device);
        return await _users.HasSessionAsync(_user.Id, _device, _session.Value, CancellationToken.None);
    }

    [Benchmark]
    public Task<User?> FindByEmail() => _users.FindByEmailAsync(_user.CurrentEmail, CancellationToken.None);

    [Benchmark]
    public async Task TouchDeviceAndSave()
    {
        var user = (await _users.FindByIdAsync(_user.Id, CancellationToken.None))!;
        user.TouchDevice(_device, DateTimeOffset.UtcNow);
        await _users.UpdateAsync(user, CancellationToken.None);
    }

    /// <summary>A refresh as the API makes it: the read, and last_used recorded for the next group write.</summary>
    [Benchmark]
    public async Task TouchDeviceAndSaveWritingBehind()
    {
        var user = (await _usersWritingBehind.FindByIdAsync(_user.Id, CancellationToken.None))!;
        user.TouchDevice(_device, DateTimeOffset.UtcNow);
        await _usersWritingBehind.UpdateAsync(user, CancellationToken.None);
    }

    /// <summary>A login's save: a new session on the device, guarded by the credentials, not the version.</summary>
    [Benchmark]
    public async Task RelinkDeviceAndSave()
    {
        var user = (await _users.FindByIdAsync(_user.Id, CancellationToken.None))!;
        user.LinkDevice(_device, DeviceDescription.Create("Laptop"), DateTimeOffset.UtcNow);
        await _users.UpdateAsync(user, CancellationToken.None);
    }
}
