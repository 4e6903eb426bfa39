using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// What <see cref="MongoUnknownFieldTests"/> shows without a server, done by a real one when
/// LUDMIN_TEST_MONGO names it (skipped otherwise): the pipeline update keeps a newer build's fields.
/// </summary>
[TestFixture]
public sealed class MongoUnknownFieldServerTests
{
    private MongoStore _store = null!;

    [OneTimeSetUp]
    public void RequireServer() => MongoTestServer.RequireServer();

    [SetUp]
    public async Task CreateStore() => _store = await MongoTestServer.NewStoreAsync();

    [TearDown]
    public async Task DropStore() => await MongoTestServer.DropAsync(_store);

    [Test]
    public async Task Update_OfADocumentANewerBuildSaved_KeepsItsFields()
    {
        var user = Users.New();
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Phone"), Users.Epoch.AddMinutes(1));
        var stored = BsonRender.Document(UserDocument.FromDomain(user, user.Version));
        stored["mfa"] = "totp";
        stored["emails"][0]["confirmed_by"] = "link";
        stored["devices"][0]["push_token"] = "push-1";
        var raw = _store.Database.GetCollection<BsonDocument>(MongoStore.UsersCollection);
        await raw.InsertOneAsync(stored);
        var users = new MongoUserRepository(_store);

        var read = await users.FindByIdAsync(user.Id, CancellationToken.None);
        read!.Rename(FullName.Create("Ann Lee-Smith"), Users.Epoch.AddDays(1));
        read.LinkDevice(DeviceId.New(), DeviceDescription.Create("Laptop"), Users.Epoch.AddDays(1));
        await users.UpdateAsync(read, CancellationToken.None);

        var saved = await raw.Find(new BsonDocument("_id", user.Id.Value)).SingleAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saved["mfa"].AsString, Is.EqualTo("totp"));
            Assert.That(saved["emails"][0]["confirmed_by"].AsString, Is.EqualTo("link"));
            Assert.That(saved["devices"][0]["push_token"].AsString, Is.EqualTo("push-1"));
            Assert.That(saved["devices"][1].AsBsonDocument.Contains("push_token"), Is.False);
        }

        UserAssert.SameState(await users.FindByIdAsync(user.Id, CancellationToken.None), read);
    }

    [Test]
    public async Task Rotation_OfADeviceStoredBeforeRotation_MatchesItAsTheFirstGenerationOnce()
    {
        var user = Users.New();
        var device = DeviceId.New();
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Users.Epoch.AddMinutes(1));
        var stored = BsonRender.Document(UserDocument.FromDomain(user, user.Version));
        stored["devices"][0].AsBsonDocument.Remove("generation");
        var raw = _store.Database.GetCollection<BsonDocument>(MongoStore.UsersCollection);
        await raw.InsertOneAsync(stored);
        var users = new MongoUserRepository(_store);
        var session = user.SessionOf(device);
        var winner = await users.FindByIdAsync(user.Id, CancellationToken.None);
        var loser = await users.FindByIdAsync(user.Id, CancellationToken.None);
        Assert.That(winner!.GenerationOf(device), Is.EqualTo(LinkedDevice.FirstGeneration));

        winner.RefreshSession(device, session, LinkedDevice.FirstGeneration, Users.Epoch.AddDays(1), TimeSpan.FromSeconds(10));
        await users.UpdateAsync(winner, CancellationToken.None);
        loser!.RefreshSession(device, session, LinkedDevice.FirstGeneration, Users.Epoch.AddDays(1), TimeSpan.FromSeconds(10));

        Assert.ThrowsAsync<Ludmin.Domain.Common.ConcurrencyException>(() => users.UpdateAsync(loser, CancellationToken.None));
        var saved = await raw.Find(new BsonDocument("_id", user.Id.Value)).SingleAsync();
        Assert.That(saved["devices"][0]["generation"], Is.EqualTo(new BsonInt64(1)));
        Assert.That((await users.FindByIdAsync(user.Id, CancellationToken.None))!.GenerationOf(device), Is.EqualTo(1));
    }
}
