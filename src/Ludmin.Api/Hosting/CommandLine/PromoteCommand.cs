using System.ComponentModel;
using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Storage;
using Mediator;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary><c>promote &lt;email&gt;</c>: makes an existing user a master. Exit code 1 when the address is nobody's.</summary>
internal sealed class PromoteCommand(IServiceProvider services) : AsyncCommand<PromoteCommand.Settings>
{
    public const string Name = "promote";
    public const string Usage = "promote <email>";

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<email>")]
        [Description("The current address of the user to promote.")]
        public string Email { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IStoreInitializer>();
        await store.InitializeAsync(CancellationToken.None);
        await using var scope = services.CreateAsyncScope();
        try
        {
            // MongoDB makes its indexes in the background, and refuses requests until they exist.
            await store.WaitUntilReadyAsync(CancellationToken.None);
            var command = new PromoteMasterCommand(settings.Email, Password: null);
            var outcome = await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, CancellationToken.None);
            Console.WriteLine(outcome == PromoteMasterOutcome.AlreadyMaster ? $"{settings.Email} already is a master." : $"{settings.Email} is now a master.");
            return 0;
        }
        catch (DomainException ex)
        {
            await Console.Error.WriteLineAsync($"Not promoted: {ex.Message}");
            return 1;
        }
    }
}
