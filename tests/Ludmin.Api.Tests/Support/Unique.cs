namespace Ludmin.Api.Tests.Support;

/// <summary>Values no other test uses, so tests sharing a server never meet.</summary>
public static class Unique
{
    public static string Email(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>32 lowercase hex digits: a device id or a user id nobody has.</summary>
    public static string Hex32() => Guid.NewGuid().ToString("N");

    /// <summary>A client address (of 198.18.0.0/15, kept for tests) that no other test uses.</summary>
    public static string ClientAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"198.{18 + ((n >> 16) & 1)}.{(n >> 8) & 0xff}.{n & 0xff}");
    }

    private static int _addresses;
}
