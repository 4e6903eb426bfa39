using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The driver's client for a connection string, with Ludmin's bounds: the settings, their
/// defaults, and the refusal of a malformed string without repeating it (it may hold a password).
/// </summary>
internal static class MongoClients
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connections per API instance to each server. Chosen, not inherited: instances × this must
    /// fit the server's connection limit; a request that finds the pool busy waits at most the
    /// operation timeout.
    /// </summary>
    public const int DefaultMaxConnectionPoolSize = 100;

    /// <summary>The default <see cref="MongoClientFactory"/>: the driver's client with <see cref="Settings"/>.</summary>
    public static IMongoClient Create(string connectionString, TimeSpan operationTimeout) =>
        new MongoClient(Settings(connectionString, operationTimeout));

    /// <summary>
    /// The client settings for a connection string (for <c>mongodb+srv</c> this reads its TXT
    /// record). Every bound the string leaves out is set to the operation timeout, so no part of a
    /// call can outwait it: finding a primary (long enough for an election), a server that accepts
    /// and never answers (the socket timeout), and a full pool (the wait queue). A value in the
    /// string wins. The 3.x driver's own per-operation timeout (<c>timeoutMS</c>) is not public
    /// yet, so the deadline as a whole is <see cref="MongoDeadline"/>'s.
    /// </summary>
    public static MongoClientSettings Settings(string connectionString, TimeSpan? operationTimeout = null)
    {
        var timeout = operationTimeout ?? MongoStore.DefaultOperationTimeout;
        var parsed = ValidateSyntax(connectionString);
        MongoClientSettings settings;
        try
        {
            settings = MongoClientSettings.FromConnectionString(connectionString);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            throw InvalidString();
        }

        settings.ServerSelectionTimeout = parsed.ServerSelectionTimeout ?? timeout;
        settings.ConnectTimeout = parsed.ConnectTimeout ?? TimeSpan.FromTicks(Math.Min(DefaultConnectTimeout.Ticks, timeout.Ticks));
        settings.SocketTimeout = parsed.SocketTimeout ?? timeout;
        settings.WaitQueueTimeout = parsed.WaitQueueTimeout ?? timeout;
        settings.MaxConnectionPoolSize = parsed.MaxPoolSize ?? DefaultMaxConnectionPoolSize;
        settings.ApplicationName ??= "ludmin";
        return settings;
    }

    /// <summary>Parsing reads no DNS; it refuses a malformed string on the start path, where the operator sees it.</summary>
    public static ConnectionString ValidateSyntax(string connectionString)
    {
        try
        {
            return new ConnectionString(connectionString);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            throw InvalidString();
        }
    }

    /// <summary>The driver's message repeats the string, password and all; it stays out of logs.</summary>
    private static InvalidOperationException InvalidString() => new(
        "The MongoDB connection string is not valid; expected mongodb://host[:port][,host...][/?options] or mongodb+srv://host[/?options].");
}
