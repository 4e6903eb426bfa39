using System.Net;
using Ludmin.Api.Tests.Support;
using Ludmin.Domain.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>
/// Users imported with hashes the real tools made (bcrypt, Argon2, passlib's PBKDF2 and scrypt,
/// Django's, ASP.NET Core Identity's own v2 and v3) log in over HTTP with their original
/// password; the stored hash then is Ludmin's Argon2id, and the next login checks that one. A
/// wrong password is refused for each format, and leaves the imported hash as it was.
/// </summary>
[TestFixture(TestStore.Sqlite)]
[TestFixture(TestStore.Postgres)]
public sealed class ImportedLoginTests(TestStore store) : MasterApiTestBase
{
    private string _master = null!;

    protected override TestStore Store => store;

    [OneTimeSetUp]
    public async Task LogInAsMaster() => _master = (await LoginAsMasterAsync()).Token;

    [TestCaseSource(typeof(ImportedHash), nameof(ImportedHash.All))]
    public async Task Login_WithTheOriginalPassword_ReplacesTheImportedHashWithArgon2id(ImportedHash imported)
    {
        var email = Unique.Email("imported");
        await ImportAsync(email, imported.Hash);
        var before = await StoredHashAsync(email);
        Assert.That(before.ImportedText, Is.EqualTo(imported.Hash), "kept as the tool wrote it until the first login");

        await ExpectRefusedAsync(email, "x" + imported.Password);
        Assert.That(await StoredHashAsync(email), Is.EqualTo(before), "a wrong password changes nothing");

        await Api.LoginAsync(email, imported.Password);
        var after = await StoredHashAsync(email);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.IsImported, Is.False);
            Assert.That(after.Value, Does.StartWith("$argon2id$v=19$m="));
            Assert.That(after.Value, Does.Not.Contain(imported.Hash));
        }

        await Api.LoginAsync(email, imported.Password);
        await ExpectRefusedAsync(email, "x" + imported.Password);
        Assert.That(await StoredHashAsync(email), Is.EqualTo(after), "the Argon2id hash is the one checked from now on");
    }

    [TestCaseSource(typeof(ImportedHash), nameof(ImportedHash.All))]
    public async Task Login_WithAWrongPassword_IsRefusedAsAnyWrongPassword(ImportedHash imported)
    {
        var email = Unique.Email("imported");
        await ImportAsync(email, imported.Hash);

        var device = await Api.PublicTokenAsync();
        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password = "not " + imported.Password });

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.That((await StoredHashAsync(email)).ImportedText, Is.EqualTo(imported.Hash));
    }

    private async Task ImportAsync(string email, string hash)
    {
        using var response = await Api.SendAsync(HttpMethod.Post, "/users/import", _master, new
        {
            users = new[] { new { full_name = "Imported Ivy", email, password_hash = hash } },
        });
        var body = await Expect.JsonAsync(response, HttpStatusCode.OK);
        Assert.That(body["results"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("created"), body.ToJsonString());
    }

    private async Task ExpectRefusedAsync(string email, string password)
    {
        var device = await Api.PublicTokenAsync();
        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password });
        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    private async Task<PasswordHash> StoredHashAsync(string email)
    {
        using var scope = Factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindByEmailAsync(EmailAddress.Create(email), CancellationToken.None);
        return user!.PasswordHash;
    }
}
