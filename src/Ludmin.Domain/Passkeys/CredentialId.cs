using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Domain.Passkeys;

/// <summary>
/// The id an authenticator gave a credential (WebAuthn's <c>rawId</c>): 16 to 1023 bytes, as the
/// specification bounds it, kept as its base64url text (the form the browser's JSON carries and
/// the stores key on). Unique across all users, which the store enforces.
/// </summary>
public sealed record CredentialId
{
    public const int MinBytes = 16;
    public const int MaxBytes = 1023;

    private CredentialId(string value) => Value = value;

    /// <summary>Base64url without padding.</summary>
    public string Value { get; }

    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out CredentialId? id)
    {
        id = bytes.Length is >= MinBytes and <= MaxBytes ? new CredentialId(Base64Url.EncodeToString(bytes)) : null;
        return id is not null;
    }

    public static CredentialId FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var id) ? id : throw new ArgumentException($"A credential id is {MinBytes} to {MaxBytes} bytes.", nameof(bytes));

    /// <summary>A stored id read back (base64url).</summary>
    public static CredentialId Parse(string text) =>
        TryDecode(text, out var bytes) && TryFromBytes(bytes, out var id) && id.Value == text
            ? id
            : throw new FormatException("A credential id is base64url of 16 to 1023 bytes.");

    public byte[] ToBytes() => Base64Url.DecodeFromChars(Value);

    public override string ToString() => Value;

    private static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (string.IsNullOrEmpty(text) || text.Length > 2 * MaxBytes || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}
