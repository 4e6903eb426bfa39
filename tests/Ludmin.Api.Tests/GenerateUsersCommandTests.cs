using Ludmin.Api.Tests.Support;
using Ludmin.Domain.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>
/// <c>Ludmin.Api generate-users &lt;count&gt;</c>, the load generator: run against the same data
/// folder as a running server, then read back through that server's repository and API.
/// </summary>
[NonParallelizable]
public sealed class GenerateUsersCommandTests : ApiTestBase
{
    private const string GeneratedPassword = "generate-users password";

    [Test]
    public async Task GenerateUsers_WhenRunInTesting_WritesUsersOneToNWithDevicesInNumberOrder()
    {
        var (exitCode, output) = await RunAsync("Testing", "generate-users", "7");

        Assert.That(exitCode, Is.EqualTo(0), output);
        // The generated addresses are fixed, so this class's tests share them: users 1 to 7 may be there already.
        Assert.That(output, Does.Contain(GeneratedPassword).And.Contain("user7@generated.test"));
        var users = Factory.Services.GetRequiredService<IUserRepository>();
        var generated = new List<User>();
        for (var n = 1; n <= 7; n++)
        {
            var user = await users.FindByEmailAsync(EmailAddress.Create($"user{n}@generated.test"), CancellationToken.None);
            Assert.That(user, Is.Not.Null, $"user{n}@generated.test");
            generated.Add(user!);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(generated.Select(u => u.Devices.Count), Is.EqualTo(new[] { 1, 2, 1, 2, 1, 2, 1 }), "one or two linked devices each");
            Assert.That(generated.SelectMany(u => u.Devices).Select(d => d.SessionId), Is.Unique, "each device has a login session of its own");
            Assert.That(generated.Select(u => u.CreatedAt), Is.Ordered.And.Unique, "the list order is the number order");
            Assert.That(generated.Select(u => u.PasswordHash.Value), Is.All.StartsWith("$argon2id$"));
            Assert.That(generated.Select(u => u.IsMaster), Is.All.False);
        }

        // The hash is a real one of the printed password: a generated user logs in through the API.
        var login = await Api.LoginAsync("user4@generated.test", GeneratedPassword);
        Assert.That(login.UserId, Is.EqualTo(generated[3].Id.Value));
        var profile = await Api.GetUserAsync(login.Token);
        Assert.That(profile["devices"]!.AsArray(), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task GenerateUsers_WhenRunAgain_WritesOnlyTheUsersNotThereYet()
    {
        var (first, firstOutput) = await RunAsync("Testing", "generate-users", "3");
        Assert.That(first, Is.EqualTo(0), firstOutput);
        var before = await Api.StoreSnapshotAsync();

        var (again, againOutput) = await RunAsync("Testing", "generate-users", "3");
        Assert.That(again, Is.EqualTo(0), againOutput);
        Assert.That(againOutput, Does.Contain("0 written, 3 already there"));
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before), "a re-run changes nothing");

        // The generated addresses are fixed, so another test of this class may have generated some already.
        var users = Factory.Services.GetRequiredService<IUserRepository>();
        var present = 0;
        while (await users.FindByEmailAsync(EmailAddress.Create($"user{present + 1}@generated.test"), CancellationToken.None) is not null)
        {
            present++;
        }

        Assume.That(present, Is.LessThan(10));
        var (more, moreOutput) = await RunAsync("Testing", "generate-users", "10");
        Assert.That(more, Is.EqualTo(0), moreOutput);
        Assert.That(moreOutput, Does.Contain($"{10 - present} written, {present} already there"));
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var n = present + 1; n <= 10; n++)
        {
            hashes.Add((await users.FindByEmailAsync(EmailAddress.Create($"user{n}@generated.test"), CancellationToken.None))!.PasswordHash.Value);
        }

        Assert.That(hashes, Has.Count.EqualTo(1), "one run hashes the password once and reuses it");
        var count = await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT COUNT(*) FROM user_emails WHERE normalized LIKE 'user%@generated.test'");
        Assert.That(count, Is.EqualTo("10"), "users 1 to 10, each once");
    }

    [TestCase("Production")]
    [TestCase("Staging")]
    public async Task GenerateUsers_WhenRunOutsideDevelopmentAndTesting_Exits2AndWritesNothing(string environment)
    {
        await Api.RegisterAsync();
        var before = await Api.StoreSnapshotAsync();

        var (exitCode, output) = await RunAsync(environment, "generate-users", "5");

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("Refused").And.Contain("Development or Testing"));
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("lots")]
    [TestCase("1e6")]
    public async Task GenerateUsers_WhenTheCountIsNotAPositiveWholeNumber_Exits2WithTheUsage(string count)
    {
        var (exitCode, output) = await RunAsync("Testing", "generate-users", count);

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("Usage: generate-users <count>"));
    }

    private Task<(int ExitCode, string Output)> RunAsync(string environment, params string[] args) =>
        ProgramRun.RunAsync(
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = environment,
                ["LUDMIN_CONFIG"] = null,
                ["Ludmin__DataDirectory"] = Factory.DataDirectory,
                ["Ludmin__Tokens__SigningKey"] = TestTokens.SigningKey,
                ["Logging__LogLevel__Default"] = "Warning",
            },
            args);
}
