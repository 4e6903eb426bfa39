using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>The engine option reaches the hasher at start, and an impossible one stops the start.</summary>
public sealed class PasswordHashingEngineTests : ApiTestBase
{
    [Test]
    public async Task Start_WhenTheEngineIsNativeButTheParametersNeedTwoLanes_RefusesNamingTheSetting()
    {
        await using var factory = new LudminFactory();
        using var impossible = factory.WithWebHostBuilder(builder => builder
            .UseSetting("Ludmin:Passwords:Argon2:Engine", "Native")
            .UseSetting("Ludmin:Passwords:Argon2:Parallelism", "2"));

        var failure = Assert.Catch(() => _ = impossible.Server);

        Assert.That(failure?.ToString(), Does.Contain("Ludmin:Passwords:Argon2:Engine is Native").And.Contain("Parallelism is 2"));
    }

    [Test]
    public async Task Start_WhenTheEngineIsNotOneOfTheThree_RefusesNamingTheSetting()
    {
        await using var factory = new LudminFactory();
        using var unknown = factory.WithWebHostBuilder(builder => builder.UseSetting("Ludmin:Passwords:Argon2:Engine", "7"));

        var failure = Assert.Catch(() => _ = unknown.Server);

        Assert.That(failure?.ToString(), Does.Contain("Ludmin:Passwords:Argon2:Engine must be Auto, Native or Managed"));
    }

    [Test]
    public async Task Register_WhenTheEngineIsManaged_StoresAHashTheNativeEngineVerifies()
    {
        // This class's server runs on Auto (native here); a second one on the same store runs Konscious.
        await using var managed = new LudminFactory(new LudminFactoryOptions
        {
            DataDirectory = Factory.DataDirectory,
            Settings = new Dictionary<string, string?> { ["Ludmin:Passwords:Argon2:Engine"] = "Managed" },
        });
        var user = await new LudminApi(managed).RegisterAsync();

        var token = await Api.LoginAsync(user.Email, user.Password);

        Assert.That(token.UserId, Is.EqualTo(user.Id));
    }
}
