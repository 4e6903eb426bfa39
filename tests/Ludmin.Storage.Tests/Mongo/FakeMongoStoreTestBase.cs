using Ludmin.Infrastructure.Storage.Mongo;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// A <see cref="FakeMongoServer"/> and Ludmin's store connected to it, new for each test and
/// disposed after it, for the test classes that read what the driver sent.
/// </summary>
public abstract class FakeMongoStoreTestBase
{
    private protected FakeMongoServer Server { get; set; } = null!;

    private protected MongoStore Store { get; set; } = null!;

    [SetUp]
    public void StartServer()
    {
        Server = new FakeMongoServer();
        Arrange(Server);
        Store = Server.ConnectStore();
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        Store.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>What the class sets on the server before the store connects, so the driver meets it from its first command.</summary>
    private protected virtual void Arrange(FakeMongoServer server)
    {
    }
}
