using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// Imports on MongoDB through the real driver against <see cref="FakeMongoServer"/>: one unordered
/// insert of whole user documents, the foreign hash kept as it came; the documents the unique
/// address index refuses are the users not stored; the count by format is one aggregation.
/// </summary>
public sealed class MongoUserImportWireTests
{
    private const string Bcrypt = "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO";

    [Test]
    public async Task Import_WhenTheIndexRefusesSomeDocuments_AnswersThoseAsNotStoredAndTheOthersAsStored()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "insert" ? Refusing(1, 3) : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var users = Enumerable.Range(0, 4).Select(_ => Imported(PasswordHash.Imported("bcrypt", Bcrypt))).ToArray();

        var stored = await new MongoUserRepository(store).ImportAsync(users, CancellationToken.None);

        Assert.That(stored, Is.EqualTo(new[] { true, false, true, false }));
        var insert = server.CommandsNamed("insert").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(insert["ordered"].AsBoolean, Is.False, "one refused document must not stop the others");
            Assert.That(insert["documents"].AsBsonArray, Has.Count.EqualTo(4));
            Assert.That(insert["documents"][0]["password_hash"].AsString, Is.EqualTo("!imported:bcrypt:" + Bcrypt));
            Assert.That(insert["documents"][0]["devices"].AsBsonArray, Is.Empty);
            Assert.That(insert["documents"][0]["emails"][0]["is_verified"].AsBoolean, Is.False);
        }
    }

    [Test]
    public async Task Import_WhenARefusalIsNotADuplicateAddress_Fails()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "insert" ? Refusing(0, code: 2) : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        Assert.That(
            async () => await new MongoUserRepository(store).ImportAsync([Imported(PasswordHash.NoPassword)], CancellationToken.None),
            Throws.Exception);
    }

    [Test]
    public async Task CountImportedHashes_IsOneAggregationGroupingTheImportedHashesByFormat()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "aggregate"
            ? new BsonDocument
            {
                { "cursor", new BsonDocument
                {
                    { "firstBatch", new BsonArray { new BsonDocument { { "_id", "bcrypt" }, { "count", 2 } }, new BsonDocument { { "_id", "none" }, { "count", 5 } } } },
                    { "id", 0L },
                    { "ns", "ludmin.users" },
                } },
                { "ok", 1.0 },
            }
            : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var counts = await new MongoUserRepository(store).CountImportedHashesAsync(CancellationToken.None);

        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, long> { ["bcrypt"] = 2, ["none"] = 5 }));
        var pipeline = server.CommandsNamed("aggregate").Single()["pipeline"].AsBsonArray;
        Assert.That(pipeline[0]["$match"]["password_hash"]["$regex"].AsString, Is.EqualTo("^!imported:"));
        BsonRender.AssertSame(pipeline[1], """{ $group: { _id: { $arrayElemAt: [{ $split: ["$password_hash", ":"] }, 1] }, count: { $sum: 1 } } }""");
    }

    private static User Imported(PasswordHash hash) =>
        User.Import(UserId.New(), FullName.Create("Imported Ivy"), EmailAddress.Create(Users.UniqueEmail("imported")), false, hash, null, Users.Epoch);

    private static BsonDocument Refusing(int first, int? second = null, int code = 11000)
    {
        var errors = new BsonArray();
        foreach (var index in second is { } other ? new[] { first, other } : [first])
        {
            errors.Add(new BsonDocument
            {
                { "index", index },
                { "code", code },
                { "errmsg", $"E11000 duplicate key error collection: ludmin.users index: emails_normalized_unique dup key: {{ emails.normalized: \"x{index}@example.com\" }}" },
            });
        }

        return new BsonDocument { { "n", 4 - errors.Count }, { "writeErrors", errors }, { "ok", 1.0 } };
    }

    private static async Task<MongoStore> ReadyStoreAsync(string connectionString)
    {
        var store = MongoStore.Connect(connectionString, "ludmin", TimeProvider.System, NullLogger<MongoStore>.Instance);
        await store.EnsureIndexesAsync(CancellationToken.None);
        return store;
    }
}
