using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Makes the client for a connection string. For <c>mongodb+srv</c> that reads DNS (the TXT
/// record, synchronously, inside the driver), which is why <see cref="MongoStore"/> calls it in
/// the background and never on the start path. Tests replace it to make DNS fail.
/// </summary>
internal delegate IMongoClient MongoClientFactory(string connectionString, TimeSpan operationTimeout);
