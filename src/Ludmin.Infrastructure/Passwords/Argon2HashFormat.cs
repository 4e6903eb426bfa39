using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// The PHC string format of an Argon2id hash, the one libargon2 and most other libraries read:
/// <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c>, both in unpadded base64.
/// Everything needed to verify travels with the hash, so parameters can change over time.
/// </summary>
internal static class Argon2HashFormat
{
    private const string Prefix = "$argon2id$v=19$";

    // Hashes are ours, but a damaged or planted row must not make us allocate gigabytes.
    private const int MaxMemoryKiB = 1024 * 1024;
    private const int MaxIterations = 64;
    private const int MaxParallelism = 16;

    public static string Format(Argon2Parameters parameters, byte[] salt, byte[] hash) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}m={parameters.MemoryKiB},t={parameters.Iterations},p={parameters.Parallelism}${Encode(salt)}${Encode(hash)}");

    public static bool TryParse(string text, [NotNullWhen(true)] out Argon2Parameters? parameters, [NotNullWhen(true)] out byte[]? salt, [NotNullWhen(true)] out byte[]? hash)
    {
        parameters = null;
        salt = null;
        hash = null;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return false;
        }

        var settings = parts[0].Split(',');
        if (settings.Length != 3
            || !TryReadSetting(settings[0], "m=", MaxMemoryKiB, out var memory)
            || !TryReadSetting(settings[1], "t=", MaxIterations, out var iterations)
            || !TryReadSetting(settings[2], "p=", MaxParallelism, out var parallelism)
            || memory < 8 * parallelism)
        {
            return false;
        }

        salt = Decode(parts[1]);
        hash = Decode(parts[2]);
        if (salt is not { Length: >= 8 } || hash is not { Length: >= 16 })
        {
            return false;
        }

        parameters = new Argon2Parameters { MemoryKiB = memory, Iterations = iterations, Parallelism = parallelism };
        return true;
    }

    private static bool TryReadSetting(string text, string name, int max, out int value)
    {
        value = 0;
        return text.StartsWith(name, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= 1 && value <= max;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[]? Decode(string text)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
