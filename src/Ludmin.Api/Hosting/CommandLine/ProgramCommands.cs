using Spectre.Console;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// The commands of the Api program that run against the configured store and exit, with no
/// server: each is a class of its own (this folder), parsed by Spectre.Console.Cli, with
/// <c>--help</c>. Wrong arguments exit with code 2 and the command's usage, as they always have.
/// </summary>
internal static class ProgramCommands
{
    /// <summary>Each command's name and its usage line, printed when its arguments are wrong.</summary>
    private static readonly Dictionary<string, string> Usages = new(StringComparer.Ordinal)
    {
        [PromoteCommand.Name] = PromoteCommand.Usage,
        [CopyStoreCommand.Name] = CopyStoreCommand.Usage,
        [CheckStoreCommand.Name] = CheckStoreCommand.Usage,
        [GenerateKeyCommand.Name] = GenerateKeyCommand.Usage,
        [GenerateUsersCommand.Name] = GenerateUsersCommand.Usage,
        [SendCodesCommand.Name] = SendCodesCommand.Usage,
        [ImportUsersCommand.Name] = ImportUsersCommand.Usage,
    };

    /// <summary>Whether the arguments name a command (and not server settings).</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Usages.ContainsKey(args[0]);

    /// <summary>The arguments the host should see: a command's own words are not configuration.</summary>
    public static string[] HostArguments(string[] args) => IsCommand(args) ? [] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var commands = new CommandApp();
        commands.Configure(config =>
        {
            config.SetApplicationName("Ludmin.Api");

            // Help goes where the rest of the output goes now (a test may have redirected it), in plain text.
            config.ConfigureConsole(AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(Console.Out),
            }));
            config.PropagateExceptions();
            config.Settings.StrictParsing = true; // an unknown option is a mistake, not something to ignore
            config.Settings.Registrar.RegisterInstance<IServiceProvider>(app.Services);
            config.Settings.Registrar.RegisterInstance<IHostEnvironment>(app.Environment);
            AddCommands(config);
        });

        try
        {
            // Spectre reads a lone "-" as an option without a name; for import-users it is standard input.
            return await commands.RunAsync(args.Select(a => a == "-" ? ImportUsersCommand.StandardInput : a));
        }
        catch (CommandAppException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync($"Usage: {Usages[args[0]]} (--help for more)");
            return 2;
        }
    }

    private static void AddCommands(IConfigurator config)
    {
        config.AddCommand<PromoteCommand>(PromoteCommand.Name)
            .WithDescription("Makes an existing user a master.")
            .WithExample(PromoteCommand.Name, "ann@example.com");
        config.AddCommand<CopyStoreCommand>(CopyStoreCommand.Name)
            .WithDescription("Copies the embedded SQLite store into MongoDB and compares the counts (docs/operations.md, \"Moving from SQLite to MongoDB\").")
            .WithExample(CopyStoreCommand.Name, "--to-mongo", "mongodb://db.internal:27017");
        config.AddCommand<CheckStoreCommand>(CheckStoreCommand.Name)
            .WithDescription("Checks the configured store and prints what it found (docs/operations.md, \"Checking a store\").");
        config.AddCommand<GenerateKeyCommand>(GenerateKeyCommand.Name)
            .WithDescription("Writes a new ES256 (P-256) private key for Ludmin:Tokens:Keys to a new file (docs/operations.md, \"Signing keys\").")
            .WithExample(GenerateKeyCommand.Name, "/etc/ludmin/keys/2026-12.pem");
        config.AddCommand<GenerateUsersCommand>(GenerateUsersCommand.Name)
            .WithDescription("The load generator: writes synthetic users user1@generated.test ... with one known password, for load tests (Development and Testing only). Not docs/seed.md, the description Ludmin grew from.")
            .WithExample(GenerateUsersCommand.Name, "100000");
        config.AddCommand<ImportUsersCommand>(ImportUsersCommand.Name)
            .WithDescription("Imports users of another system, with their password hashes, from JSON Lines (a file, or - for standard input) straight into the configured store (docs/operations.md, \"Importing users\").")
            .WithExample(ImportUsersCommand.Name, "users.jsonl");
        config.AddCommand<SendCodesCommand>(SendCodesCommand.Name)
            .WithDescription("Mails the reset codes waiting in the pickup folder over SMTP, once or (--watch) until stopped.")
            .WithExample(SendCodesCommand.Name, "--watch");
    }
}
