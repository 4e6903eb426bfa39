using Ludmin.Infrastructure.Storage.Mongo;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>The MongoDB server named by <c>LUDMIN_TEST_MONGO</c>, when there is one; each store gets a database of its own.</summary>
internal static class MongoTestServer
{
    public const string Variable = "LUDMIN_TEST_MONGO";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Reports every case of the calling fixture as skipped, with the reason, when no server is named.</summary>
    public static void RequireServer()
    {
        if (ConnectionString is null)
        {
            Assert.Ignore($"{Variable} is not set: these cases run only against a real MongoDB server (e.g. {Variable}=mongodb://localhost:27017).");
        }
    }

    /// <summary>A store over a fresh database with its indexes made; <see cref="DropAsync"/> removes it.</summary>
    public static async Task<MongoStore> NewStoreAsync()
    {
        var store = MongoStore.Connect(ConnectionString!, $"ludmin_test_{Guid.NewGuid():N}", TimeProvider.System, NullLogger<MongoStore>.Instance);
        await store.EnsureIndexesAsync(CancellationToken.None);
        return store;
    }

    public static async Task DropAsync(MongoStore store)
    {
        await store.Database.Client.DropDatabaseAsync(store.Database.DatabaseNamespace.DatabaseName);
        store.Dispose();
    }
}
