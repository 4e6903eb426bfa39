using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>The client and what is derived from it (the database, the collections with Ludmin's write concern and read preference), made together once.</summary>
internal sealed class MongoCollections
{
    public MongoCollections(IMongoClient client, string databaseName, bool linearizableSessionChecks)
    {
        Client = client;
        Database = client.GetDatabase(databaseName);
        Users = Database.GetCollection<UserDocument>(MongoStore.UsersCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);
        SessionChecks = linearizableSessionChecks ? Users.WithReadConcern(ReadConcern.Linearizable) : Users;
        Resets = Database.GetCollection<PasswordResetDocument>(MongoStore.ResetsCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);
        Throttles = Database.GetCollection<LoginThrottleDocument>(MongoStore.ThrottlesCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);
        Refusals = Database.GetCollection<ResetRefusalDocument>(MongoStore.RefusalsCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);
        SecondFactors = Database.GetCollection<SecondFactorDocument>(MongoStore.SecondFactorsCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);
        SecondFactorChallenges = Database.GetCollection<SecondFactorChallengeDocument>(MongoStore.SecondFactorChallengesCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);
        Passkeys = Database.GetCollection<PasskeyDocument>(MongoStore.PasskeysCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);
        PasskeyChallenges = Database.GetCollection<PasskeyChallengeDocument>(MongoStore.ChallengesCollection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);
    }

    public IMongoClient Client { get; }

    public IMongoDatabase Database { get; }

    public IMongoCollection<UserDocument> Users { get; }

    public IMongoCollection<UserDocument> SessionChecks { get; }

    public IMongoCollection<PasswordResetDocument> Resets { get; }

    public IMongoCollection<LoginThrottleDocument> Throttles { get; }

    public IMongoCollection<ResetRefusalDocument> Refusals { get; }

    public IMongoCollection<SecondFactorDocument> SecondFactors { get; }

    public IMongoCollection<SecondFactorChallengeDocument> SecondFactorChallenges { get; }
    public IMongoCollection<PasskeyDocument> Passkeys { get; }

    public IMongoCollection<PasskeyChallengeDocument> PasskeyChallenges { get; }
}
