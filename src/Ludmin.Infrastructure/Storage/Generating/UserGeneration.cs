using System.Diagnostics;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Infrastructure.Storage.Postgres;
using Ludmin.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Storage.Generating;

/// <summary>
/// The generate-users load generator: makes users 1 to N of <see cref="SyntheticUsers"/> exist in
/// the configured store, written in batches straight to the store, all with one precomputed
/// hash of <see cref="SyntheticUsers.Password"/> (with the configured Argon2 cost, so their
/// logins cost what real ones do).
/// Idempotent and resumable: generating writes users in ascending order, a batch at a time, so the
/// users already there are a prefix 1..k, found by a binary search on their addresses; a run
/// writes k+1..N only (none when N are there). A generated address that someone else holds stops
/// the run (SQLite) or is skipped and counted (MongoDB, whose unordered batch goes on).
/// </summary>
public static class UserGeneration
{
    public const int MaxCount = 100_000_000;

    private const int BatchSize = 5_000;

    public static async Task<UserGenerationReport> GenerateAsync(IServiceProvider services, long count, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);

        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(cancellationToken);
        var users = services.GetRequiredService<IUserRepository>();
        var clock = services.GetRequiredService<TimeProvider>();
        var bulk = BulkInsertFor(services);

        var stopwatch = Stopwatch.StartNew();
        var present = await GeneratedPrefixAsync(users, count, cancellationToken);
        if (present == count)
        {
            return new UserGenerationReport(count, present, 0, 0, stopwatch.Elapsed);
        }

        var hash = await services.GetRequiredService<IPasswordHasher>().HashAsync(SyntheticUsers.Password, cancellationToken);

        // Distinct, ascending creation times in the recent past: the list order is the number order.
        var toWrite = count - present;
        var first = Domain.Common.TimestampPrecision.Truncate(clock.GetUtcNow()).AddMilliseconds(-toWrite);
        long written = 0;
        long skipped = 0;
        var batch = new List<User>(BatchSize);
        for (var number = present + 1; number <= count; number++)
        {
            batch.Add(SyntheticUsers.Create(number, hash, first.AddMilliseconds(number - present - 1)));
            if (batch.Count == BatchSize || number == count)
            {
                skipped += await bulk.InsertAsync(batch, cancellationToken);
                written += batch.Count;
                batch.Clear();
                if (written % (BatchSize * 20) == 0 || number == count)
                {
                    progress?.Invoke($"{present + written} of {count} users ({written / Math.Max(stopwatch.Elapsed.TotalSeconds, 0.001):F0} users/s)");
                }
            }
        }

        return new UserGenerationReport(count, present, written - skipped, skipped, stopwatch.Elapsed);
    }

    /// <summary>The largest k ≤ <paramref name="count"/> such that user k is stored (0 for none): log2(N) lookups by address.</summary>
    private static async Task<long> GeneratedPrefixAsync(IUserRepository users, long count, CancellationToken cancellationToken)
    {
        long low = 0;
        var high = count;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (await users.FindByEmailAsync(EmailAddress.Create(SyntheticUsers.Email(middle)), cancellationToken) is not null)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    private static IUserBulkInsert BulkInsertFor(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
        {
            StorageProvider.Mongo => new MongoUserBulkInsert(services.GetRequiredService<MongoStore>()),
            StorageProvider.Postgres => new PostgresUserBulkInsert(services.GetRequiredService<PostgresDatabase>()),
            _ => new SqliteUserBulkInsert(services.GetRequiredService<SqliteDatabase>()),
        };
}
