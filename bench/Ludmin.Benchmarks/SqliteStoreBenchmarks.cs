using BenchmarkDotNet.Attributes;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;

namespace Ludmin.Benchmarks;

/// <summary>
/// The store on a request's path: the session check of every user-token request (a device
/// row), a read of a whole user by id; a login reads by email and saves; a refresh saves. Writes are durable (WAL,
/// synchronous=FULL), so a save includes an fsync.
/// </summary>
[MemoryDiagnoser]
public class SqliteStoreBenchmarks
{
    private string _folder = null!;
    private SqliteDatabase _database = null!;
    private SqliteUserRepository _users = null!;
    private User _user = null!;
    private DeviceId _device;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("ludmin-bench-").FullName;
        _database = new SqliteDatabase(Path.Combine(_folder, "ludmin.db"), readerThreads: 2);
        _users = new SqliteUserRepository(_database);
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
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public Task<User?> FindById() => _users.FindByIdAsync(_user.Id, CancellationToken.None);

    [Benchmark]
    public Task<bool> HasSession() => _users.HasSessionAsync(_user.Id, _device, _user.SessionOf(_device), CancellationToken.None);

    [Benchmark]
    public Task<User?> FindByEmail() => _users.FindByEmailAsync(_user.CurrentEmail, CancellationToken.None);

    [Benchmark]
    public async Task TouchDeviceAndSave()
    {
        var user = (await _users.FindByIdAsync(_user.Id, CancellationToken.None))!;
        user.TouchDevice(_device, DateTimeOffset.UtcNow);
        await _users.UpdateAsync(user, CancellationToken.None);
    }
}
