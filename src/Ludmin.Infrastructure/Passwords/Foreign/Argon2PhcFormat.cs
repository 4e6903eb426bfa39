namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// Argon2 in the PHC string format libargon2 and argon2-cffi write:
/// <c>$argon2id$v=19$m=65536,t=3,p=4$&lt;salt&gt;$&lt;hash&gt;</c>, salt and hash in standard
/// base64 without padding. Only version 19 (0x13) is taken: <c>v=16</c>, and the form without
/// <c>v=</c> that libargon2 reads as version 16, compute differently, and neither Konscious nor
/// libsodium implements that version.
/// </summary>
internal static class Argon2PhcFormat
{
    // RFC 9106: a salt of at least 8 bytes, a tag of at least 4; the upper bounds are ours (no tool writes more).
    private const int MinSaltBytes = 8;
    private const int MinHashBytes = 4;
    private const int MaxBytes = 256;

    /// <summary>Null when the text does not claim to be Argon2.</summary>
    public static ForeignHashRecognition? TryRead(string text, ForeignHashOptions limits)
    {
        var parts = text.Split('$');
        if (parts.Length < 2 || parts[0].Length != 0 || Variant(parts[1]) is not { } format)
        {
            return null;
        }

        if (parts.Length != 6 || parts[2] != "v=19"
            || !TryReadParameters(parts[3], out var memory, out var iterations, out var lanes)
            || HashText.DecodeUnpadded(parts[4]) is not { Length: >= MinSaltBytes and <= MaxBytes } salt
            || HashText.DecodeUnpadded(parts[5]) is not { Length: >= MinHashBytes and <= MaxBytes } expected)
        {
            return ForeignHashRecognition.Unsupported;
        }

        var withinCeiling = memory <= limits.MaxArgon2MemoryKiB && iterations <= limits.MaxArgon2Iterations && lanes <= limits.MaxArgon2Lanes;
        return withinCeiling
            ? ForeignHashRecognition.Recognized(new Argon2Hash(format, (int)memory, (int)iterations, (int)lanes, salt, expected))
            : ForeignHashRecognition.TooCostly;
    }

    private static ForeignHashFormat? Variant(string name) => name switch
    {
        "argon2id" => ForeignHashFormat.Argon2id,
        "argon2i" => ForeignHashFormat.Argon2i,
        "argon2d" => ForeignHashFormat.Argon2d,
        _ => null,
    };

    /// <summary><c>m=…,t=…,p=…</c> in that order, nothing else (no <c>keyid</c> or <c>data</c>), memory at least 8 KiB a lane.</summary>
    private static bool TryReadParameters(string text, out long memory, out long iterations, out long lanes)
    {
        memory = iterations = lanes = 0;
        var settings = text.Split(',');
        return settings.Length == 3
            && HashText.TryReadSetting(settings[0], "m", out memory)
            && HashText.TryReadSetting(settings[1], "t", out iterations)
            && HashText.TryReadSetting(settings[2], "p", out lanes)
            && lanes <= 0xFFFFFF
            && memory >= 8 * lanes;
    }
}
