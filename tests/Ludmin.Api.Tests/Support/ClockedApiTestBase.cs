using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests.Support;

/// <summary>A test server whose clock the test class holds and moves on.</summary>
public abstract class ClockedApiTestBase : ApiTestBase
{
    /// <summary>Starts at a whole second of now: tokens carry their times in whole seconds, so the test's expectations match them exactly.</summary>
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override LudminFactoryOptions FactoryOptions => new() { Clock = Clock };
}
