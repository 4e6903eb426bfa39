using System.ComponentModel;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Storage.Generating;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// <c>generate-users &lt;count&gt;</c>, the load generator (not docs/seed.md, the description Ludmin grew
/// from): writes synthetic users for load tests. Every user it writes has the same known
/// password, so it refuses (exit code 2) in any environment but Development and Testing.
/// </summary>
internal sealed class GenerateUsersCommand(IServiceProvider services, IHostEnvironment environment) : AsyncCommand<GenerateUsersCommand.Settings>
{
    public const string Name = "generate-users";
    public const string Usage = "generate-users <count>";

    public sealed class Settings : CommandSettings
    {
        /// <summary>Text, not a number: a count that is no whole number gets this command's own answer, after the environment's.</summary>
        [CommandArgument(0, "<count>")]
        [Description("How many users to write, from 1 up (users 1 to count; those already there are kept).")]
        public string Count { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            await Console.Error.WriteLineAsync(
                $"Refused: generate-users writes users with a known password and runs only in Development or Testing (LUDMIN_CONFIG=development|testing); this is {environment.EnvironmentName}.");
            return 2;
        }

        if (!long.TryParse(settings.Count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > UserGeneration.MaxCount)
        {
            await Console.Error.WriteLineAsync($"Usage: generate-users <count>, a whole number from 1 to {UserGeneration.MaxCount}.");
            return 2;
        }

        Console.WriteLine($"Generating users 1 to {count}: {SyntheticUsers.Email(1)} ... {SyntheticUsers.Email(count)}, password \"{SyntheticUsers.Password}\".");
        try
        {
            var report = await UserGeneration.GenerateAsync(services, count, Console.WriteLine, CancellationToken.None);
            Console.WriteLine(
                $"Done in {report.Elapsed.TotalSeconds:F1} s: {report.Written} written, {report.AlreadyThere} already there"
                + (report.Skipped > 0 ? $", {report.Skipped} skipped (address already held)." : "."));
            return 0;
        }
        catch (DomainException ex)
        {
            await Console.Error.WriteLineAsync($"Not generated: {ex.Message}");
            return 1;
        }
    }
}
