using System.Security.Cryptography;
using System.Text;
using Ludmin.Infrastructure.Files;
using Microsoft.Extensions.Hosting;

namespace Ludmin.Infrastructure.SecondFactor;

/// <summary>
/// The key of <c>Ludmin:SecondFactor:EncryptionKey</c>, with the one-byte id sealed secrets name
/// it by (so a later rotation can tell which key sealed what). Development without a configured
/// key makes one and keeps it in the data folder, as it does the signing key; any other
/// environment refuses to start without one, naming the setting.
/// </summary>
public sealed class SecondFactorKey
{
    private const string Setting = "Ludmin:SecondFactor:EncryptionKey";
    private const string DevelopmentKeyFile = "second-factor-key";
    private static readonly byte[] KeyIdPurpose = "ludmin second factor key id"u8.ToArray();

    private readonly byte[] _key;

    private SecondFactorKey(byte[] key)
    {
        _key = key;
        Id = HMACSHA256.HashData(key, KeyIdPurpose)[0];
    }

    /// <summary>A fingerprint of the key, one byte: it names the key, it does not tell it.</summary>
    public byte Id { get; }

    /// <summary>A key for one use only (<paramref name="purpose"/>), so sealing and hashing never share key material.</summary>
    internal byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, SecondFactorOptions.KeyBytes, info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>A key from its base64 text; false for anything that is not exactly 32 bytes.</summary>
    public static bool TryParse(string? text, out SecondFactorKey? key)
    {
        key = null;
        var buffer = new byte[SecondFactorOptions.KeyBytes + 1];
        if (string.IsNullOrWhiteSpace(text) || !Convert.TryFromBase64String(text.Trim(), buffer, out var length) || length != SecondFactorOptions.KeyBytes)
        {
            return false;
        }

        key = new SecondFactorKey(buffer[..length]);
        return true;
    }

    /// <summary>A new key as the setting holds it: 32 bytes from the CSPRNG, base64.</summary>
    public static string NewText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecondFactorOptions.KeyBytes));

    public static SecondFactorKey Resolve(SecondFactorOptions options, IHostEnvironment environment, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            return TryParse(options.EncryptionKey, out var configured)
                ? configured!
                : throw new InvalidOperationException($"{Setting} is not {SecondFactorOptions.KeyBytes} bytes in base64 (for example from `openssl rand -base64 32`).");
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{Setting} is not set. Set it to {SecondFactorOptions.KeyBytes} random bytes in base64, for example with the environment variable "
                + "Ludmin__SecondFactor__EncryptionKey; only Development generates its own key.");
        }

        return LoadOrCreateDevelopmentKey(dataDirectory);
    }

    /// <summary>
    /// Unlike the development signing key, a damaged file is not replaced: a new key would make
    /// every enrolled factor unusable without a word, so the start fails and says which file.
    /// </summary>
    private static SecondFactorKey LoadOrCreateDevelopmentKey(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, DevelopmentKeyFile);
        if (!File.Exists(path))
        {
            var temporary = path + ".tmp";
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, PrivateFile.CreateNew(asynchronous: false)))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(NewText());
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process started at the same moment and made the key first: use that one.
                File.Delete(temporary);
            }
        }

        return TryParse(File.ReadAllText(path), out var key)
            ? key!
            : throw new InvalidOperationException($"{path} does not hold a {SecondFactorOptions.KeyBytes}-byte base64 key; restore it, or delete it to start over (enrolled factors are then lost).");
    }
}
