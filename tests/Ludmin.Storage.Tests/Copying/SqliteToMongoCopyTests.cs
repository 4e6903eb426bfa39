using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Mongo;

namespace Ludmin.Storage.Tests.Copying;

/// <summary>copy-store's real route, SQLite into MongoDB, when LUDMIN_TEST_MONGO names a server; skipped otherwise.</summary>
[TestFixture]
public sealed class SqliteToMongoCopyTests : StoreCopyContract
{
    [OneTimeSetUp]
    public void RequireServer() => MongoTestServer.RequireServer();

    private protected override async Task<ICopyTargetUnderTest> CreateTargetAsync() => new MongoTarget(await MongoTestServer.NewStoreAsync());

    private sealed class MongoTarget(MongoStore store) : ICopyTargetUnderTest
    {
        public IStoreCopyTarget Target { get; } = new MongoStoreCopyTarget(store);

        public IUserRepository Users { get; } = new MongoUserRepository(store);

        public IPasswordResetRepository Resets { get; } = new MongoPasswordResetRepository(store);

        public Domain.SecondFactors.ISecondFactorRepository SecondFactors { get; } = new MongoSecondFactorRepository(store);
        public IPasskeyRepository Passkeys { get; } = new MongoPasskeyRepository(store);

        public ILiveStoreMarker Marker { get; } = new MongoLiveStoreMarker(store);

        public async ValueTask DisposeAsync() => await MongoTestServer.DropAsync(store);
    }
}
