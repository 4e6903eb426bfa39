namespace Ludmin.Infrastructure.Passwords;

/// <summary>Which implementation computes Argon2id (<c>Ludmin:Passwords:Argon2:Engine</c>). Both give the same bytes.</summary>
public enum Argon2Engine
{
    /// <summary>libsodium when its native library loads and can compute the hash; Konscious otherwise.</summary>
    Auto,

    /// <summary>libsodium, or the start is refused: for hosts that must not silently run about 7x slower.</summary>
    Native,

    /// <summary>Konscious (managed code) only.</summary>
    Managed,
}
