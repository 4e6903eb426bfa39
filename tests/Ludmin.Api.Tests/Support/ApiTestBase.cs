namespace Ludmin.Api.Tests.Support;

/// <summary>
/// One server per test class, started once; tests create their own users with unique emails,
/// so they share it without meeting.
/// </summary>
public abstract class ApiTestBase
{
    private LudminFactory? _factory;

    protected LudminFactory Factory => _factory ?? throw new InvalidOperationException("The server has not started.");

    protected LudminApi Api { get; private set; } = null!;

    /// <summary>What this class needs of its server beyond the common test settings.</summary>
    protected virtual LudminFactoryOptions FactoryOptions => new();

    /// <summary>The store this class's server runs on; classes about several instances run on each (TestFixture arguments).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    [OneTimeSetUp]
    public void StartServer()
    {
        _factory = new LudminFactory(FactoryOptions, Store);
        _ = _factory.Server; // start now, so a start-up failure is reported once, here
        Api = new LudminApi(_factory);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
