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
    public void Describe_NeverRepeatsTheDriversMessage()
    {
        var secret = "mongodb://admin:hunter2@db.example";
        var reasons = new Exception[]
        {
            new TimeoutException(secret),
            new MongoConnectionException(DriverErrors.Connection, secret),
            new MongoAuthenticationException(DriverErrors.Connection, secret),
            new InvalidOperationException(secret),
        }.Select(MongoErrors.Describe);

        Assert.That(reasons, Has.None.Contains("hunter2"));
    }
}
