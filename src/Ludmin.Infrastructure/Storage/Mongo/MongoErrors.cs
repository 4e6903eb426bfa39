using Ludmin.Domain.Common;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>Which driver failures mean what to Ludmin.</summary>
internal static class MongoErrors
{
    /// <summary>
    /// Whether the failure says the store cannot be used right now (no server answered, the
    /// connection broke, an election is under way, a majority did not acknowledge in time),
    /// as opposed to a refusal of this particular request or a fault of ours.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // A legacy-API duplicate key derives from the write-concern error; it is no outage.
        MongoDuplicateKeyException => false,

        // Server selection, a connection checkout or an operation ran out of time (ours is a TimeoutException too).
        TimeoutException => true,

        // The client could not be made yet: the DNS records of a mongodb+srv name did not resolve.
        MongoClientCreationException => true,

        // Refused connections, broken sockets and failed authentication alike.
        MongoConnectionException => true,
        MongoNotPrimaryException or MongoNodeIsRecoveringException => true,
        MongoWriteConcernException => true,
        MongoWriteException { WriteError: null, WriteConcernError: not null } => true,
        MongoConnectionPoolPausedException or MongoWaitQueueFullException or MongoIncompatibleDriverException => true,

        // The server ran out of its maxTimeMS: a store too slow to answer, not a refusal.
        MongoExecutionTimeoutException => true,

        // A mongos that lost its shard, or a standalone reconnecting that no longer answers a
        // linearizable read: the store cannot serve the request now, a retry later may succeed.
        MongoCommandException command => IsTransient(command),
        _ => false,
    };

    /// <summary>
    /// HostUnreachable, HostNotFound, NetworkTimeout, SocketException and ExceededTimeLimit, the
    /// codes a mongos relays when it cannot reach a shard in time.
    /// </summary>
    private static readonly int[] NetworkErrorCodes = [6, 7, 89, 9001, 262];

    /// <summary>NotAReplicaSet: a linearizable read on a server not (yet) seen as a replica-set member.</summary>
    private const int NotAReplicaSet = 123;

    private static bool IsTransient(MongoCommandException command) =>
        NetworkErrorCodes.Contains(command.Code)
        || command.Code == NotAReplicaSet
        || string.Equals(command.CodeName, nameof(NotAReplicaSet), StringComparison.Ordinal);

    /// <summary>Whether a write was refused by the unique index named <paramref name="indexName"/>.</summary>
    public static bool IsDuplicateKey(MongoWriteException exception, string indexName) =>
        exception.WriteError is { } error && IsDuplicateKey(error, indexName);

    public static bool IsDuplicateKey(WriteError error, string indexName) =>
        error.Category == ServerErrorCategory.DuplicateKey
        && error.Message.Contains($" index: {indexName} ", StringComparison.Ordinal);

    public static DomainException StoreUnavailable() => new(Errors.StoreUnavailable);

    public static DomainException EmailInUse() => new(Errors.EmailInUse, field: "email");

    /// <summary>
    /// A reason fit for the public readiness answer: what went wrong, without the driver's
    /// message, which names hosts and replica-set members.
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        MongoOperationTimeoutException => "MongoDB did not answer within the operation timeout (Ludmin:Storage:Mongo:OperationTimeout)",
        TimeoutException => "no MongoDB server answered within the server selection timeout",
        MongoClientCreationException { InnerException: DnsClient.DnsResponseException } =>
            "the DNS records of the mongodb+srv name could not be resolved",
        MongoClientCreationException { InnerException: InvalidOperationException } =>
            "the MongoDB connection string is not valid once its DNS TXT options are applied",
        MongoClientCreationException creation => $"the MongoDB client could not be created ({creation.InnerException?.GetType().Name})",
        MongoIndexConflictException conflict => conflict.Message,
        MongoAuthenticationException => "MongoDB refused the credentials",
        MongoConnectionException { InnerException: TimeoutException or OperationCanceledException } =>
            "MongoDB did not answer within the socket timeout (a server that accepts connections and stays silent)",
        MongoConnectionException => "the connection to MongoDB failed",
        MongoNotPrimaryException or MongoNodeIsRecoveringException => "the MongoDB replica set has no primary right now",
        MongoIncompatibleDriverException => "the MongoDB server version is not supported by this driver",
        MongoExecutionTimeoutException => "MongoDB ran out of its time limit for a command",
        MongoCommandException command => $"MongoDB refused a command ({command.CodeName})",
        MongoWriteException write => $"MongoDB refused a write ({write.WriteError?.Category.ToString() ?? "write concern"})",
        _ => $"MongoDB failed ({exception.GetType().Name})",
    };
}
