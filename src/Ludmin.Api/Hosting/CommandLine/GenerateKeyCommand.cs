using System.ComponentModel;
using Ludmin.Infrastructure.Tokens;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// <c>generate-key &lt;file&gt;</c>: writes a new ES256 (P-256) key for <c>Ludmin:Tokens:Keys</c>
/// (docs/operations.md, "Signing keys"). The private key goes to the file only (created new, owner
/// read/write only), never to the console, whose output often ends up in logs; the console gets
/// the settings that name it.
/// </summary>
internal sealed class GenerateKeyCommand : AsyncCommand<GenerateKeyCommand.Settings>
{
    public const string Name = "generate-key";
    public const string Usage = "generate-key <file>";

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<file>")]
        [Description("A new file for the private key (an existing file is never overwritten).")]
        public string File { get; init; } = "";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(settings.File);
        var pem = EcdsaKeyFile.NewPem();
        try
        {
            EcdsaKeyFile.WriteNew(path, pem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Not written: {path}: {ex.Message} (an existing file is never overwritten).");
            return 1;
        }

        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(pem);
        Console.WriteLine($"Wrote a new ES256 (P-256) private key to {path}, readable by its owner only.");
        Console.WriteLine("Add it as a further key, published before it signs (docs/operations.md, \"Rotating the signing key\"):");
        Console.WriteLine($"  Ludmin__Tokens__Keys__<n>__Id={EcdsaKeyFile.Thumbprint(key)}");
        Console.WriteLine($"  Ludmin__Tokens__Keys__<n>__PemFile={path}");
        Console.WriteLine("  Ludmin__Tokens__Keys__<n>__Signing=false");
        return 0;
    }
}
