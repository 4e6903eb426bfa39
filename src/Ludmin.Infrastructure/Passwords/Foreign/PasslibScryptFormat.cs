namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// passlib's scrypt hashes: <c>$scrypt$ln=&lt;log2 N&gt;,r=&lt;r&gt;,p=&lt;p&gt;$&lt;salt&gt;$&lt;checksum&gt;</c>,
/// salt and checksum in standard base64 without padding (not the adapted alphabet of its PBKDF2).
/// Firebase's modified scrypt and the <c>$7$</c> form are other formats, not taken.
/// </summary>
internal static class PasslibScryptFormat
{
    // passlib's own limits: a checksum of 32 bytes exactly, a salt of at most 1024.
    private const int ChecksumBytes = 32;
    private const int MaxSaltBytes = 1024;

    // Whatever the options say: N = 2^40 is beyond any machine, and 1L << logN must not overflow.
    private const int MaxLogN = 40;

    /// <summary>Null when the text does not claim to be passlib's scrypt.</summary>
    public static ForeignHashRecognition? TryRead(string text, ForeignHashOptions limits)
    {
        var parts = text.Split('$');
        if (parts.Length < 2 || parts[0].Length != 0 || parts[1] != "scrypt")
        {
            return null;
        }

        if (parts.Length != 5 || !TryReadParameters(parts[2], out var logN, out var blockSize, out var parallelism)
            || HashText.DecodeUnpadded(parts[3]) is not { Length: <= MaxSaltBytes } salt
            || HashText.DecodeUnpadded(parts[4]) is not { Length: ChecksumBytes } checksum)
        {
            return ForeignHashRecognition.Unsupported;
        }

        // 128 · r · N in a double: exact for these powers of two and small factors, and no overflow whatever the options.
        var memoryKiB = 128.0 * blockSize * Math.Pow(2, logN) / 1024;
        var withinCeiling = logN <= Math.Min(limits.MaxScryptLogN, MaxLogN) && blockSize <= limits.MaxScryptBlockSize
            && parallelism <= limits.MaxScryptParallelism && memoryKiB <= limits.MaxScryptMemoryKiB;
        return withinCeiling
            ? ForeignHashRecognition.Recognized(new ScryptHash((int)logN, (int)blockSize, (int)parallelism, salt, checksum))
            : ForeignHashRecognition.TooCostly;
    }

    /// <summary><c>ln=…,r=…,p=…</c> in that order; N = 2^ln must be at least 2.</summary>
    private static bool TryReadParameters(string text, out long logN, out long blockSize, out long parallelism)
    {
        logN = blockSize = parallelism = 0;
        var settings = text.Split(',');
        return settings.Length == 3
            && HashText.TryReadSetting(settings[0], "ln", out logN)
            && HashText.TryReadSetting(settings[1], "r", out blockSize)
            && HashText.TryReadSetting(settings[2], "p", out parallelism);
    }
}
