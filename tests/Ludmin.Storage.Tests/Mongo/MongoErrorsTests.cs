using MongoDB.Bson;
using Ludmin.Infrastructure.Storage.Mongo;
using MongoDB.Driver;

namespace Ludmin.Storage.Tests.Mongo;

public sealed class MongoErrorsTests
{
    [Test]
    public void IsDuplicateKey_WhenTheEmailIndexRefused_IsTrue() =>
        Assert.That(MongoErrors.IsDuplicateKey(DriverErrors.DuplicateKey(MongoIndexes.UsersByEmail, "emails.normalized: \"ann@example.com\""), MongoIndexes.UsersByEmail), Is.True);

    [Test]
    public void IsDuplicateKey_WhenTheIdIndexRefused_IsFalse() =>
        Assert.That(MongoErrors.IsDuplicateKey(DriverErrors.DuplicateKey("_id_", "_id: \"0190a1b2c3d4e5f60718293a4b5c6d7e\""), MongoIndexes.UsersByEmail), Is.False);

    [Test]
    public void IsDuplicateKey_WhenTheAddressMerelyLooksLikeTheIndexName_IsFalse() =>
        Assert.That(MongoErrors.IsDuplicateKey(DriverErrors.DuplicateKey("_id_", "_id: \"emails_normalized_unique\""), MongoIndexes.UsersByEmail), Is.False);

    [Test]
    public void IsDuplicateKey_WhenAnotherWriteErrorNamesTheIndex_IsFalse() =>
        Assert.That(MongoErrors.IsDuplicateKey(DriverErrors.WriteError(ServerErrorCategory.Uncategorized, 2, " index: emails_normalized_unique "), MongoIndexes.UsersByEmail), Is.False);

    [Test]
    public void IsUnavailable_ForServerSelectionTimeout_IsTrue() =>
        Assert.That(MongoErrors.IsUnavailable(new TimeoutException("A timeout occurred after 5000ms selecting a server")), Is.True);

    [Test]
    public void IsUnavailable_ForABrokenConnection_IsTrue() =>
        Assert.That(MongoErrors.IsUnavailable(new MongoConnectionException(DriverErrors.Connection, "connection refused")), Is.True);

    [Test]
    public void IsUnavailable_ForRefusedCredentials_IsTrue() =>
        Assert.That(MongoErrors.IsUnavailable(new MongoAuthenticationException(DriverErrors.Connection, "auth failed")), Is.True);

    [Test]
    public void IsUnavailable_WhenNoMajorityAcknowledgedInTime_IsTrue() =>
        Assert.That(MongoErrors.IsUnavailable(DriverErrors.WriteConcernTimeout()), Is.True);

    [Test]
    public void IsUnavailable_ForADuplicateKey_IsFalse() =>
        Assert.That(MongoErrors.IsUnavailable(DriverErrors.DuplicateKey(MongoIndexes.UsersByEmail, "emails.normalized: \"a@b.c\"")), Is.False);

    [Test]
    public void IsUnavailable_ForOtherWriteErrorsAndOurOwnFaults_IsFalse()
    {
        Assert.That(MongoErrors.IsUnavailable(DriverErrors.OtherWriteError()), Is.False);
        Assert.That(MongoErrors.IsUnavailable(new InvalidOperationException()), Is.False);
        Assert.That(MongoErrors.IsUnavailable(new FormatException()), Is.False);
    }

    [Test]
    public void IsUnavailable_WhenTheClientCouldNotBeMadeOrTheDeadlinePassed_IsTrue()
    {
        Assert.That(MongoErrors.IsUnavailable(new MongoClientCreationException(new DnsClient.DnsResponseException("timed out"))), Is.True);
        Assert.That(MongoErrors.IsUnavailable(new MongoOperationTimeoutException(TimeSpan.FromSeconds(15))), Is.True);
    }

    [Test]
    public void IsUnavailable_ForAnIndexConflict_IsFalse() =>
        Assert.That(MongoErrors.IsUnavailable(new MongoIndexConflictException("users", "emails_normalized_unique", "IndexOptionsConflict", new InvalidOperationException())), Is.False);

    [Test]
    public void Describe_SaysWhichBoundRanOut()
    {
        Assert.That(MongoErrors.Describe(new MongoOperationTimeoutException(TimeSpan.FromSeconds(15))), Does.Contain("operation timeout"));
        Assert.That(
            MongoErrors.Describe(new MongoConnectionException(DriverErrors.Connection, "receiving", new TimeoutException())),
            Does.Contain("socket timeout"));
        Assert.That(
            MongoErrors.Describe(new MongoClientCreationException(new DnsClient.DnsResponseException("Query 1 => x IN TXT on 10.1.2.3:53 timed out"))),
            Is.EqualTo("the DNS records of the mongodb+srv name could not be resolved"));
    }

    [Test]
    public void Describe_NeverRepeatsTheDriversMessage()
    {
        var secret = "mongodb://admin:hunter2@db.example";
        var reasons = new Exception[]
        {
            new TimeoutException(secret),
            new MongoConnectionException(DriverErrors.Connection, secret),
            new MongoAuthenticationException(DriverErrors.Connection, secret),
            new MongoClientCreationException(new DnsClient.DnsResponseException(secret)),
            new MongoClientCreationException(new IOException(secret)),
            new MongoClientCreationException(new InvalidOperationException(secret)),
            new InvalidOperationException(secret),
        }.Select(MongoErrors.Describe);

        Assert.That(reasons, Has.None.Contains("hunter2"));
    }

    [Test]
    public void IsUnavailable_WhenTheServerRanOutOfItsTimeLimit_IsTrue() =>
        Assert.That(MongoErrors.IsUnavailable(new MongoExecutionTimeoutException(DriverErrors.Connection, "operation exceeded time limit")), Is.True);

    [TestCase(6, "HostUnreachable")]
    [TestCase(7, "HostNotFound")]
    [TestCase(89, "NetworkTimeout")]
    [TestCase(9001, "SocketException")]
    [TestCase(262, "ExceededTimeLimit")]
    [TestCase(123, "NotAReplicaSet")]
    public void IsUnavailable_ForAMongosNetworkErrorOrALinearizableReadOnAReconnectingStandalone_IsTrue(int code, string codeName) =>
        Assert.That(MongoErrors.IsUnavailable(Command(code, codeName)), Is.True);

    [Test]
    public void IsUnavailable_ForAnotherCommandRefusal_IsFalse() =>
        Assert.That(MongoErrors.IsUnavailable(Command(2, "BadValue")), Is.False);

    private static MongoCommandException Command(int code, string codeName) =>
        new(DriverErrors.Connection, $"Command find failed: {codeName}.", new BsonDocument("find", "users"),
            new BsonDocument { { "ok", 0 }, { "errmsg", codeName }, { "code", code }, { "codeName", codeName } });
}
