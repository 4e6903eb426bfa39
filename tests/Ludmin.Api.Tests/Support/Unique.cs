namespace Ludmin.Api.Tests.Support;

/// <summary>Values no other test uses, so tests sharing a server never meet.</summary>
public static class Unique
{
    public static string Email(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>32 lowercase hex digits: a device id or a user id nobody has.</summary>
    public static string Hex32() => Guid.NewGuid().ToString("N");
}
