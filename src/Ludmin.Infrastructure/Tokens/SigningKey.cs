using System.Security.Cryptography;
using System.Text;
using Ludmin.Infrastructure.Files;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Infrastructure.Tokens;

/// <summary>
/// The key tokens are signed and checked with. Development without a configured key makes one
/// and keeps it in the data folder, so tokens survive a restart; any other environment refuses
/// to start without one, naming the setting.
/// </summary>
public sealed class SigningKey
{
    public const int MinimumBytes = 32;
    private const string DevelopmentKeyFile = "signing-key";

    private SigningKey(SymmetricSecurityKey key) => Key = key;

    public SymmetricSecurityKey Key { get; }

    public static SigningKey Resolve(TokenOptions options, IHostEnvironment environment, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
            if (bytes.Length < MinimumBytes)
            {
                throw new InvalidOperationException(
                    $"Ludmin:Tokens:SigningKey is {bytes.Length} bytes long; HS256 needs at least {MinimumBytes} (for example 64 random characters).");
            }

            return new SigningKey(new SymmetricSecurityKey(bytes));
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Ludmin:Tokens:SigningKey is not set. Set it (at least {MinimumBytes} bytes), for example with the environment variable Ludmin__Tokens__SigningKey; only Development generates its own key.");
        }

        return new SigningKey(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(LoadOrCreateDevelopmentKey(dataDirectory))));
    }

    private static string LoadOrCreateDevelopmentKey(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, DevelopmentKeyFile);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (Encoding.UTF8.GetByteCount(existing) >= MinimumBytes)
            {
                return existing;
            }
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, PrivateFile.CreateNew(asynchronous: false)))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key);
        }

        File.Move(temporary, path, overwrite: true);
        return key;
    }
}
