using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Storage;
using Mediator;

namespace Ludmin.Api.CommandLine;

/// <summary>
/// Commands of the Api program that run against the configured store and exit, with no server:
/// <c>promote &lt;email&gt;</c> makes an existing user a master.
/// </summary>
internal static class CommandLineTools
{
    private static readonly string[] Commands = ["promote"];

    /// <summary>Whether the arguments name a command (and not server settings).</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    /// <summary>The arguments the host should see: a command's own words are not configuration.</summary>
    public static string[] HostArguments(string[] args) => IsCommand(args) ? [] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["promote", var email]:
                return await PromoteAsync(app, email);
            default:
                await Console.Error.WriteLineAsync("Usage: promote <email>");
                return 2;
        }
    }

    private static async Task<int> PromoteAsync(WebApplication app, string email)
    {
        await app.Services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PromoteMasterCommand(email, null));
            Console.WriteLine(outcome == PromoteMasterOutcome.AlreadyMaster ? $"{email} already is a master." : $"{email} is now a master.");
            return 0;
        }
        catch (DomainException ex)
        {
            await Console.Error.WriteLineAsync($"Not promoted: {ex.Message}");
            return 1;
        }
    }
}
