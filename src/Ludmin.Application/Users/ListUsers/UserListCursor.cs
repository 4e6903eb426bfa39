using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Users.ListUsers;

/// <summary>
/// The <c>next</c> cursor of a page: a <see cref="UserListPosition"/>, opaque to clients.
/// Bytes: a format version, the creation time (Unix milliseconds, big-endian), the 16 bytes of
/// the user id, and the first 4 bytes of the SHA-256 of those; base64url without padding.
/// The check bytes make an edited or truncated cursor fail to decode (400) rather than start
/// somewhere else. They are not a signature, and need not be: a cursor grants nothing, since
/// only a master may list, and a master may list every user from any position.
/// </summary>
internal static class UserListCursor
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 16;
    private const int CheckLength = 4;
    private const int ByteLength = PayloadLength + CheckLength;

    /// <summary>The length of every cursor we hand out (base64url of <see cref="ByteLength"/> bytes, unpadded).</summary>
    public static readonly int EncodedLength = Base64Url.GetEncodedLength(ByteLength);

    private static readonly long MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static string Encode(UserListPosition position)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], position.CreatedAt.ToUnixTimeMilliseconds());
        Convert.FromHexString(position.Id.Value, bytes.Slice(9, 16), out _, out _);
        Check(bytes[..PayloadLength], bytes[PayloadLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode([NotNullWhen(true)] string? text, out UserListPosition position)
    {
        position = default;

        // Checked before decoding: the decoder throws on a character outside the alphabet,
        // and a client's bad cursor must be a 400, never an exception of ours.
        if (text is null || text.Length != EncodedLength || !text.All(IsBase64UrlCharacter))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != ByteLength)
        {
            return false;
        }

        // One spelling per position: stray low bits in the last character, which the decoder
        // ignores, would make the same cursor look different; refuse them instead.
        if (!string.Equals(Base64Url.EncodeToString(bytes), text, StringComparison.Ordinal) || bytes[0] != Version)
        {
            return false;
        }

        Span<byte> check = stackalloc byte[CheckLength];
        Check(bytes[..PayloadLength], check);
        if (!check.SequenceEqual(bytes[PayloadLength..]))
        {
            return false;
        }

        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (milliseconds < MinMilliseconds || milliseconds > MaxMilliseconds)
        {
            return false;
        }

        position = new UserListPosition(
            DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
            UserId.Parse(Convert.ToHexStringLower(bytes.Slice(9, 16))));
        return true;
    }

    private static bool IsBase64UrlCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static void Check(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, hash);
        hash[..CheckLength].CopyTo(destination);
    }
}
