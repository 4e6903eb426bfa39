using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>The storage contract against a real MongoDB server, when LUDMIN_TEST_MONGO names one; skipped otherwise.</summary>
[TestFixture]
public sealed class MongoStorageContractTests : StorageContract
{
    [OneTimeSetUp]
    public void RequireServer() => MongoTestServer.RequireServer();

    protected override async Task<IStoreUnderTest> CreateStoreAsync() => new MongoStoreUnderTest(await MongoTestServer.NewStoreAsync());

    private sealed class MongoStoreUnderTest(MongoStore store) : IStoreUnderTest
    {
        public IUserRepository Users { get; } = new MongoUserRepository(store);

        public IPasswordResetRepository Resets { get; } = new MongoPasswordResetRepository(store);

        public ILoginThrottleRepository Throttles { get; } = new MongoLoginThrottleRepository(store);

        public ISecondFactorRepository SecondFactors { get; } = new MongoSecondFactorRepository(store);

        public ISecondFactorChallengeRepository SecondFactorChallenges { get; } = new MongoSecondFactorChallengeRepository(store);
        public IPasskeyRepository Passkeys { get; } = new MongoPasskeyRepository(store);

        public IPasskeyChallengeRepository Challenges { get; } = new MongoPasskeyChallengeRepository(store);

        public async ValueTask DisposeAsync() => await MongoTestServer.DropAsync(store);
    }
}
