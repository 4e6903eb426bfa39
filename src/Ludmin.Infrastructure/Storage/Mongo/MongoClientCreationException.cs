namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>The client could not be made yet, most often because the DNS records of a <c>mongodb+srv</c> name did not resolve.</summary>
internal sealed class MongoClientCreationException(Exception inner)
    : Exception("The MongoDB client could not be created.", inner);
