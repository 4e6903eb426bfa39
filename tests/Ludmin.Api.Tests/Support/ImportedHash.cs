using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// A hash made by a real tool, with its password: those of tests/vectors/foreign-hashes.json
/// (bcrypt, Argon2, passlib's PBKDF2 and scrypt, Django, made by make-foreign-hashes.py) and
/// ASP.NET Core Identity's, made at test time by its own <c>PasswordHasher&lt;TUser&gt;</c>.
/// </summary>
public sealed record ImportedHash(string Tool, string Format, string Password, string Hash)
{
    /// <summary>Every hash Ludmin takes, one per tool and setting.</summary>
    public static IEnumerable<ImportedHash> All()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "vectors", "foreign-hashes.json")));
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("expect").GetString() == "verifies")
            {
                yield return new ImportedHash(
                    vector.GetProperty("tool").GetString()!,
                    vector.GetProperty("format").GetString()!,
                    vector.GetProperty("password").GetString()!,
                    vector.GetProperty("hash").GetString()!);
            }
        }

        yield return Identity("ASP.NET Core Identity v2", "aspnet-identity-v2", new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 });
        yield return Identity("ASP.NET Core Identity v3 (its default)", "aspnet-identity-v3", new PasswordHasherOptions());
    }

    public override string ToString() => Tool;

    private static ImportedHash Identity(string tool, string format, PasswordHasherOptions options)
    {
        const string password = "pässwörd from Identity";
        var hasher = new PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(options));
        return new ImportedHash(tool, format, password, hasher.HashPassword(new object(), password));
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Ludmin.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Ludmin.sln not found above " + AppContext.BaseDirectory);
    }
}
