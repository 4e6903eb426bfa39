using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The program's commands as a command line: each has its own <c>--help</c>, and wrong arguments
/// exit with code 2 and the command's usage. What each command does is tested in its own class
/// (<c>PromoteCommandTests</c>, <c>GenerateUsersCommandTests</c>, <c>CheckStoreCommandTests</c>, ...).
/// </summary>
[NonParallelizable]
public sealed class CommandLineTests
{
    private readonly string _data = Directory.CreateTempSubdirectory("ludmin-cli-").FullName;

    [OneTimeTearDown]
    public void RemoveData() => Directory.Delete(_data, recursive: true);

    [TestCase("promote", "<email>")]
    [TestCase("copy-store", "--to-mongo")]
    [TestCase("check-store", "check-store")]
    [TestCase("generate-key", "<file>")]
    [TestCase("generate-users", "<count>")]
    [TestCase("send-codes", "--watch")]
    public async Task Help_WhenAskedOfACommand_DescribesItAndExits0(string command, string mentions)
    {
        var (exitCode, output) = await RunAsync(command, "--help");

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("USAGE:").And.Contain(command).And.Contain(mentions).And.Contain("DESCRIPTION:"));
    }

    [TestCase(new[] { "copy-store" }, "Usage: copy-store --to-mongo <connection string>")]
    [TestCase(new[] { "copy-store", "--to-mongo" }, "Usage: copy-store --to-mongo <connection string>")]
    [TestCase(new[] { "check-store", "extra" }, "Usage: check-store")]
    [TestCase(new[] { "generate-key" }, "Usage: generate-key <file>")]
    [TestCase(new[] { "generate-users" }, "Usage: generate-users <count>")]
    [TestCase(new[] { "send-codes", "--every-minute" }, "Usage: send-codes [--watch]")]
    public async Task Command_WhenItsArgumentsAreWrong_Exits2WithItsUsage(string[] args, string usage)
    {
        var (exitCode, output) = await RunAsync(args);

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain(usage));
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        ProgramRun.RunAsync(
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = LudminFactory.EnvironmentName,
                ["LUDMIN_CONFIG"] = null,
                ["Ludmin__DataDirectory"] = _data,
                ["Ludmin__Tokens__SigningKey"] = TestTokens.SigningKey,
                ["Logging__LogLevel__Default"] = "Warning",
            },
            args);
}
