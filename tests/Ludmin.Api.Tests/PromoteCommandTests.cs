using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// <c>Ludmin.Api promote &lt;email&gt;</c> and <c>generate-key &lt;file&gt;</c>: the program run with the command line against the same
/// data folder as a running server. The program reads its settings from environment variables,
/// which are process-wide, so this class never runs beside another.
/// </summary>
[NonParallelizable]
public sealed class PromoteCommandTests : ApiTestBase
{
    [Test]
    public async Task Promote_WhenEmailIsAUsersCurrentOne_MakesTheUserAMaster()
    {
        var session = await Api.NewSessionAsync();

        var (exitCode, output) = await RunProgramAsync("promote", session.User.Email);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("is now a master"));
        var login = await Api.LoginAsync(session.User.Email, session.User.Password);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TestTokens.Allowed(login.Token), Is.EquivalentTo(new[] { "basics", "master" }));
            Assert.That((bool?)(await Api.GetUserAsync(login.Token))["is_master"], Is.True);
        }

        using var list = await Api.SendAsync(HttpMethod.Get, "/users", login.Token);
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Promote_WhenDone_TheNextRefreshCarriesTheMasterGrant()
    {
        var session = await Api.NewSessionAsync();
        Assert.That(TestTokens.Allowed(session.Token), Is.EqualTo(new[] { "basics" }));

        var (exitCode, output) = await RunProgramAsync("promote", session.User.Email);
        Assert.That(exitCode, Is.EqualTo(0), output);

        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);
        var token = LudminApi.ToToken(await Expect.JsonAsync(refresh, HttpStatusCode.OK));
        Assert.That(TestTokens.Allowed(token.Token), Is.EquivalentTo(new[] { "basics", "master" }));
    }

    [Test]
    public async Task Promote_WhenUserAlreadyIsAMaster_SaysSoAndSucceeds()
    {
        var user = await Api.RegisterAsync();
        var (first, firstOutput) = await RunProgramAsync("promote", user.Email);
        Assert.That(first, Is.EqualTo(0), firstOutput);

        var (exitCode, output) = await RunProgramAsync("promote", user.Email);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("already is a master"));
    }

    [Test]
    public async Task Promote_WhenEmailIsUnknown_Exits1AndChangesNothing()
    {
        await Api.RegisterAsync();
        var before = await Api.StoreSnapshotAsync();

        var (exitCode, output) = await RunProgramAsync("promote", Unique.Email("nobody"));

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Not promoted"));
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Promote_WhenEmailIsMissing_Exits2WithTheUsage()
    {
        var (exitCode, output) = await RunProgramAsync("promote");

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("Usage: promote <email>"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task GenerateKey_WhenGivenANewFile_WritesAPrivateP256KeyThereOnlyAndAServerSignsWithIt()
    {
        var file = Path.Combine(Factory.DataDirectory, $"key-{Unique.Hex32()}.pem");

        var (exitCode, output) = await RunProgramAsync("generate-key", file);

        Assert.That(exitCode, Is.EqualTo(0), output);
        var pem = await File.ReadAllTextAsync(file);
        var kid = System.Text.RegularExpressions.Regex.Match(output, @"Keys__<n>__Id=(\S+)").Groups[1].Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pem, Does.StartWith("-----BEGIN PRIVATE KEY-----"));
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(output, Does.Not.Contain(pem.Split('\n')[1]), "the key never reaches the console");
            Assert.That(output, Does.Contain($"PemFile={file}"));
            Assert.That(kid, Is.Not.Empty);
        }

        await using var server = new LudminFactory(new LudminFactoryOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Ludmin:Tokens:Algorithm"] = "ES256",
                ["Ludmin:Tokens:Keys:0:Id"] = kid,
                ["Ludmin:Tokens:Keys:0:PemFile"] = file,
            },
        });
        var token = await new LudminApi(server).PublicTokenAsync();
        Assert.That((TestTokens.Read(token.Token).Alg, TestTokens.Read(token.Token).Kid), Is.EqualTo(("ES256", kid)));
    }

    [Test]
    public async Task GenerateKey_WhenTheFileExists_LeavesItAloneAndExits1()
    {
        var file = Path.Combine(Factory.DataDirectory, $"key-{Unique.Hex32()}.pem");
        await File.WriteAllTextAsync(file, "a key in use");

        var (exitCode, output) = await RunProgramAsync("generate-key", file);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(await File.ReadAllTextAsync(file), Is.EqualTo("a key in use"));
    }

    /// <summary>Runs the Api program's entry point with the server's data folder and key, capturing what it prints.</summary>
    private Task<(int ExitCode, string Output)> RunProgramAsync(params string[] args) =>
        ProgramRun.RunProgramAsync(Factory, new Dictionary<string, string?>(), args);
}
