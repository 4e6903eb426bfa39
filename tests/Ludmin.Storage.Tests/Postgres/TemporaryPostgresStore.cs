using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Postgres;
using Ludmin.Storage.Tests.Contract;
using Ludmin.Storage.Tests.Copying;

namespace Ludmin.Storage.Tests.Postgres;

/// <summary>The PostgreSQL adapter's repositories over a test database, as the contract suites see them.</summary>
internal sealed class TemporaryPostgresStore(PostgresDatabase database) : IStoreUnderTest, ICopyTargetUnderTest
{
    public IUserRepository Users { get; } = new PostgresUserRepository(database);

    public IPasswordResetRepository Resets { get; } = new PostgresPasswordResetRepository(database);

    public ILoginThrottleRepository Throttles { get; } = new PostgresLoginThrottleRepository(database);

    public ISecondFactorRepository SecondFactors { get; } = new PostgresSecondFactorRepository(database);

    public ISecondFactorChallengeRepository SecondFactorChallenges { get; } = new PostgresSecondFactorChallengeRepository(database);
    public IPasskeyRepository Passkeys { get; } = new PostgresPasskeyRepository(database);

    public IPasskeyChallengeRepository Challenges { get; } = new PostgresPasskeyChallengeRepository(database);

    public IStoreCopyTarget Target { get; } = new PostgresStoreCopyTarget(database);

    public ILiveStoreMarker Marker { get; } = new PostgresLiveStoreMarker(database);

    /// <summary>The database stays with its fixture, which empties it for the next test.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
