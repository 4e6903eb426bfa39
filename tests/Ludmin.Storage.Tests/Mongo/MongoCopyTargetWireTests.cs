using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// copy-store's reset codes into MongoDB, through the driver against the fake server: which
/// commands the ledger of given codes leads to. <c>SqliteToMongoCopyTests</c> runs the same rule
/// against a real server.
/// </summary>
public sealed class MongoCopyTargetWireTests
{
    private static readonly PasswordReset Reset =
        PasswordReset.Restore(UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e"), "keyed-hash", Users.Epoch, Users.Epoch.AddMinutes(15), failedAttempts: 2, version: 3);

    private FakeMongoServer _server = null!;
    private MongoStore _store = null!;
    private BsonArray _ledger = null!;
    private BsonArray _held = null!;

    [SetUp]
    public void Start()
    {
        (_ledger, _held) = ([], []);
        _server = new FakeMongoServer();
        _server.Respond = command => command.GetElement(0).Name == "find"
            ? Cursor(command, command["find"] == MongoStoreCopyTarget.LedgerCollection ? _ledger : _held)
            : null;
        _store = _server.ConnectStore();
    }

    [TearDown]
    public async Task Stop()
    {
        _store.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task ACodeNeverGiven_IsRecordedBeforeItIsWritten()
    {
        var outcome = await new MongoStoreCopyTarget(_store).UpsertResetsAsync([Reset], CancellationToken.None);

        var writes = _server.Commands.Where(c => c.GetElement(0).Name is "insert" or "update").ToList();
        Assert.That(writes.Select(c => $"{c.GetElement(0).Name} {c[0]}").ToList(), Is.EqualTo(new[]
        {
            $"insert {MongoStoreCopyTarget.LedgerCollection}",
            $"update {MongoStore.ResetsCollection}",
        }), "recorded first: a crash in between loses the code, never revives one");
        BsonRender.AssertSame(writes[0]["documents"][0], """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e:keyed-hash", expires_at: ISODate("2226-01-02T03:19:05.678Z") }""");
        Assert.That(writes[1]["updates"][0]["upsert"].AsBoolean, Is.True);
        Assert.That((outcome.KeptNewer, outcome.Spent.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task ACodeGivenBeforeThatTheTargetNoLongerHolds_IsSpentAndNotWritten()
    {
        _ledger = [new BsonDocument("_id", MongoStoreCopyTarget.LedgerKey(Reset))];

        var outcome = await new MongoStoreCopyTarget(_store).UpsertResetsAsync([Reset], CancellationToken.None);

        Assert.That(outcome.Spent, Is.EqualTo(new[] { Reset }));
        Assert.That(_server.CommandsNamed("update"), Is.Empty);
        Assert.That(_server.CommandsNamed("insert"), Is.Empty);
    }

    [Test]
    public async Task ACodeGivenBeforeAndHeldWithFewerAttempts_GetsOnlyTheHigherCount()
    {
        _ledger = [new BsonDocument("_id", MongoStoreCopyTarget.LedgerKey(Reset))];
        _held = [BsonRender.Document(PasswordResetDocument.FromDomain(PasswordReset.Restore(Reset.UserId, Reset.CodeHash, Reset.CreatedAt, Reset.ExpiresAt, 1, 5)))];

        var outcome = await new MongoStoreCopyTarget(_store).UpsertResetsAsync([Reset], CancellationToken.None);

        var update = _server.CommandsNamed("update").Single()["updates"][0].AsBsonDocument;
        BsonRender.AssertSame(update["q"], """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", code_hash: "keyed-hash", failed_attempts: { $lt: 2 } }""");
        BsonRender.AssertSame(update["u"], """{ $set: { failed_attempts: 2 }, $inc: { version: NumberLong(1) } }""");
        Assert.That(update.GetValue("upsert", false).ToBoolean(), Is.False);
        Assert.That((outcome.KeptNewer, outcome.Spent.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task ACodeGivenBeforeAndReplacedByALaterOne_IsKept()
    {
        _ledger = [new BsonDocument("_id", MongoStoreCopyTarget.LedgerKey(Reset))];
        _held = [BsonRender.Document(PasswordResetDocument.FromDomain(PasswordReset.Restore(Reset.UserId, "later", Reset.CreatedAt.AddMinutes(1), Reset.ExpiresAt.AddMinutes(1), 0, 1)))];

        var outcome = await new MongoStoreCopyTarget(_store).UpsertResetsAsync([Reset], CancellationToken.None);

        Assert.That((outcome.KeptNewer, outcome.Spent.Count), Is.EqualTo((1, 0)));
        Assert.That(_server.CommandsNamed("update"), Is.Empty);
    }

    private static BsonDocument Cursor(BsonDocument command, BsonArray batch) => new()
    {
        { "cursor", new BsonDocument { { "firstBatch", batch }, { "id", 0L }, { "ns", $"{command["$db"]}.{command[0]}" } } },
        { "ok", 1.0 },
    };
}
