namespace Ludmin.Infrastructure.Tokens;

/// <summary>One ES256 key of <c>Ludmin:Tokens:Keys</c>.</summary>
public sealed class TokenKeyOptions
{
    /// <summary>The key id (<c>kid</c>) tokens name it by: 1 to 64 of A-Z a-z 0-9 . _ -.</summary>
    public string? Id { get; set; }

    /// <summary>The key as PEM text (a private key; a public key will do for a key that only verifies).</summary>
    public string? Pem { get; set; }

    /// <summary>A file holding the PEM instead (relative to the content root), which keeps it out of environment variables.</summary>
    public string? PemFile { get; set; }

    /// <summary>
    /// Whether new tokens are signed with this key. False: the key is only published and accepted,
    /// before it starts signing or after it stopped (rotation). Exactly one key signs.
    /// </summary>
    public bool Signing { get; set; } = true;
}
