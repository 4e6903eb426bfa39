using System.Text;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Tests;

/// <summary>The test server itself: the settings the tests rely on reach the app.</summary>
public sealed class TestHostTests : ApiTestBase
{
    [Test]
    public void Start_WhenDataDirectoryIsConfigured_CreatesTheDatabaseThere() =>
        Assert.That(File.Exists(Factory.DatabasePath), Is.True, $"no ludmin.db in {Factory.DataDirectory}");

    [Test]
    public void Start_WhenEnvironmentIsTesting_RunsAsTestingWithoutADevelopmentKey()
    {
        var environment = Factory.Services.GetRequiredService<IHostEnvironment>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(environment.EnvironmentName, Is.EqualTo(LudminFactory.EnvironmentName));
            Assert.That(File.Exists(Path.Combine(Factory.DataDirectory, "signing-key")), Is.False);
        }
    }

    [Test]
    public async Task PublicToken_WhenSigningKeyIsConfigured_IsSignedWithThatKey()
    {
        var token = await Api.PublicTokenAsync();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.Token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.SigningKey)),
            ValidIssuer = TestTokens.Issuer,
            ValidAudience = TestTokens.Audience + "/public",
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        });

        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
    }

    [Test]
    public async Task Register_WhenArgon2CostIsLowered_StoresHashesWithTheTestCost()
    {
        var user = await Api.RegisterAsync();

        var hash = await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT password_hash FROM users WHERE id = $id", ("$id", user.Id));

        Assert.That(hash, Does.StartWith("$argon2id$v=19$m=1024,t=1,p=1$"));
    }

    [Test]
    public async Task Dispose_WhenTheServerStops_RemovesItsDataDirectory()
    {
        var factory = new LudminFactory();
        _ = factory.Server;
        Assert.That(Directory.Exists(factory.DataDirectory), Is.True);

        await factory.DisposeAsync();

        Assert.That(Directory.Exists(factory.DataDirectory), Is.False);
    }

    [Test]
    public async Task Start_WhenSigningKeyIsMissingOutsideDevelopment_RefusesNamingTheSetting()
    {
        await using var factory = new LudminFactory();
        using var keyless = factory.WithWebHostBuilder(builder => builder.UseSetting("Ludmin:Tokens:SigningKey", ""));

        var failure = Assert.Catch(() => _ = keyless.Server);

        // With no SigningKey the default is ES256, whose key setting is named, and how to keep HS256.
        Assert.That(failure?.ToString(), Does.Contain("Ludmin:Tokens:Keys:0:Id").And.Contain("Ludmin:Tokens:SigningKey"));
    }

    [Test]
    public async Task Start_WhenHs256IsNamedButItsKeyIsMissingOutsideDevelopment_RefusesNamingTheSetting()
    {
        await using var factory = new LudminFactory();
        using var keyless = factory.WithWebHostBuilder(builder => builder.UseSetting("Ludmin:Tokens:SigningKey", "").UseSetting("Ludmin:Tokens:Algorithm", "HS256"));

        var failure = Assert.Catch(() => _ = keyless.Server);

        Assert.That(failure?.ToString(), Does.Contain("Ludmin:Tokens:SigningKey is not set"));
    }
}
