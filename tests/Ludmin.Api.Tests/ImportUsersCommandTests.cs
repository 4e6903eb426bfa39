using System.Text;
using System.Text.Json;
using Ludmin.Api.Tests.Support;
using Ludmin.Domain.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>
/// <c>Ludmin.Api import-users &lt;file&gt;</c>: JSON Lines straight into the store of a running
/// server (the same data folder), read back through that server. 100,000 users in one run; a
/// re-run skips who is there; invalid lines are named by number, never with their hash.
/// </summary>
[NonParallelizable]
public sealed class ImportUsersCommandTests : ApiTestBase
{
    // A real passlib PBKDF2-SHA256 hash at 1,000 rounds (tests/vectors): cheap to log in with.
    private static readonly ImportedHash Cheap = ImportedHash.All().First(h => h.Tool == "passlib 1.7.4 (1000 rounds)" && h.Format == "passlib-pbkdf2-sha256");

    [Test]
    public async Task ImportUsers_AFileOfAHundredThousandUsers_MovesThemAllIntoTheStore()
    {
        var prefix = Unique.Hex32()[..8];
        var file = WriteFile(Enumerable.Range(1, 100_000).Select(n => Line(prefix, n, n % 100 == 0 ? Cheap.Hash : null)));
        var before = await CountAsync();

        var (exitCode, output) = await RunAsync("import-users", file);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("100000 users read, 100000 created, 0 already there, 0 invalid."));
        Assert.That(await CountAsync(), Is.EqualTo(before + 100_000));
        var withHash = await StoredAsync(Email(prefix, 50_000));
        Assert.That(withHash!.PasswordHash.ImportedFormat, Is.EqualTo("passlib_pbkdf2_sha256"));
        Assert.That((await StoredAsync(Email(prefix, 99_999)))!.PasswordHash, Is.EqualTo(PasswordHash.NoPassword));
        await Api.LoginAsync(Email(prefix, 100), Cheap.Password);
    }

    [Test]
    public async Task ImportUsers_RunAgainOnALongerFile_SkipsWhoIsThereAndImportsTheRest()
    {
        var prefix = Unique.Hex32()[..8];
        var (first, firstOutput) = await RunAsync("import-users", WriteFile(Enumerable.Range(1, 3).Select(n => Line(prefix, n, null))), "--batch-size", "2");
        Assert.That(first, Is.EqualTo(0), firstOutput);
        var before = await Api.StoreSnapshotAsync();

        var (again, againOutput) = await RunAsync("import-users", WriteFile(Enumerable.Range(1, 5).Select(n => Line(prefix, n, null))), "--batch-size", "2");

        Assert.That(again, Is.EqualTo(0), againOutput);
        Assert.That(againOutput, Does.Contain("5 users read, 2 created, 3 already there, 0 invalid."));
        Assert.That(await StoredAsync(Email(prefix, 5)), Is.Not.Null);
        var (third, thirdOutput) = await RunAsync("import-users", WriteFile(Enumerable.Range(1, 3).Select(n => Line(prefix, n, null))));
        Assert.That(thirdOutput, Does.Contain("3 users read, 0 created, 3 already there"), $"{third}: {thirdOutput}");
        Assert.That(before, Is.Not.Empty);
    }

    [Test]
    public async Task ImportUsers_FromStandardInputWithBadLines_ImportsTheGoodOnesAndNamesTheBadByLineWithoutTheirHash()
    {
        var prefix = Unique.Hex32()[..8];
        var secretHash = "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QX";
        var input = string.Join('\n',
            Line(prefix, 1, null),
            "{\"full_name\": \"Bad\", \"email\": \"x@example.com\", \"password\": \"" + secretHash + "\"}",
            "not json " + secretHash,
            "",
            JsonSerializer.Serialize(new { full_name = "Hashy", email = Email(prefix, 2), password_hash = "$2b$04$" + secretHash[7..] + "Z" }),
            Line(prefix, 3, null)) + "\n";

        var (exitCode, output) = await RunWithInputAsync(input, "import-users", "-");

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("line 2: malformed_line").And.Contain("line 3: malformed_line").And.Contain("line 5: hash_unsupported (password_hash)"));
        Assert.That(output, Does.Contain("5 users read, 2 created, 0 already there, 3 invalid"));
        Assert.That(output, Does.Not.Contain(secretHash[7..29]), "no hash in the output");
        Assert.That(await StoredAsync(Email(prefix, 3)), Is.Not.Null);
    }

    [Test]
    public async Task ImportUsers_WhileTheServerServesTheSameStore_BothGoOn()
    {
        var prefix = Unique.Hex32()[..8];
        var file = WriteFile(Enumerable.Range(1, 20_000).Select(n => Line(prefix, n, null)));

        var import = RunAsync("import-users", file, "--batch-size", "500");
        var registered = new List<TestUser>();
        while (!import.IsCompleted && registered.Count < 30)
        {
            registered.Add(await Api.RegisterAsync());
        }

        var (exitCode, output) = await import;
        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("20000 created"));
        foreach (var user in registered)
        {
            Assert.That(await StoredAsync(user.Email), Is.Not.Null);
        }
    }

    [Test]
    public async Task ImportUsers_Help_DescribesTheFileAndTheBatchSize()
    {
        var (exitCode, output) = await RunAsync("import-users", "--help");

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("<file>").And.Contain("--batch-size").And.Contain("standard input"));
    }

    private static string Email(string prefix, int n) => $"cli-{prefix}-{n}@import.test";

    private static string Line(string prefix, int n, string? hash) =>
        JsonSerializer.Serialize(new { full_name = $"Imported {n}", email = Email(prefix, n), email_verified = n % 2 == 0, password_hash = hash, created_at = "2020-01-01T00:00:00Z" });

    private static string WriteFile(IEnumerable<string> lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ludmin-import-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines, new UTF8Encoding(false));
        return path;
    }

    private async Task<long> CountAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IUserRepository>().CountAsync(CancellationToken.None);
    }

    private async Task<User?> StoredAsync(string email)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindByEmailAsync(EmailAddress.Create(email), CancellationToken.None);
    }

    private async Task<(int ExitCode, string Output)> RunWithInputAsync(string input, params string[] args)
    {
        var saved = Console.In;
        Console.SetIn(new StringReader(input));
        try
        {
            return await RunAsync(args);
        }
        finally
        {
            Console.SetIn(saved);
        }
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        ProgramRun.RunProgramAsync(Factory, new Dictionary<string, string?> { ["LUDMIN_CONFIG"] = null }, args);
}
