using System.Buffers.Text;
using Ludmin.Application.Users.ListUsers;
using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Application.Users;

public sealed class UserListCursorTests
{
    private static readonly UserListPosition Position =
        new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e"));

    [Test]
    public void Encode_ThenDecode_GivesThePositionBack()
    {
        var cursor = UserListCursor.Encode(Position);

        Assert.That(UserListCursor.TryDecode(cursor, out var decoded), Is.True);
        Assert.That(decoded, Is.EqualTo(Position));
    }

    [Test]
    public void Encode_IsUrlSafeAndOpaque()
    {
        var cursor = UserListCursor.Encode(Position);

        Assert.That(cursor, Does.Match("^[A-Za-z0-9_-]+$"), "base64url without padding: safe in a query string as it is");
        Assert.That(cursor, Has.Length.EqualTo(UserListCursor.EncodedLength));
        Assert.That(cursor, Does.Not.Contain(Position.Id.Value));
    }

    [Test]
    public void TryDecode_WhenAnyByteIsChanged_Refuses()
    {
        var bytes = Base64Url.DecodeFromChars(UserListCursor.Encode(Position));
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;

            Assert.That(UserListCursor.TryDecode(Base64Url.EncodeToString(tampered), out _), Is.False, $"byte {i} changed");
        }
    }

    [Test]
    public void TryDecode_WhenTruncatedOrExtended_Refuses()
    {
        var cursor = UserListCursor.Encode(Position);

        Assert.That(UserListCursor.TryDecode(cursor[..^1], out _), Is.False);
        Assert.That(UserListCursor.TryDecode(cursor[..^4], out _), Is.False);
        Assert.That(UserListCursor.TryDecode(cursor + "A", out _), Is.False);
        Assert.That(UserListCursor.TryDecode(cursor + "AAAA", out _), Is.False);
    }

    [Test]
    public void TryDecode_WhenSpelledAnotherWayTheDecoderWouldTolerate_Refuses()
    {
        var cursor = UserListCursor.Encode(Position);

        Assert.That(UserListCursor.TryDecode(cursor + "=", out _), Is.False, "padding");
        Assert.That(UserListCursor.TryDecode(" " + cursor, out _), Is.False, "whitespace");
        Assert.That(UserListCursor.TryDecode(cursor.Replace('-', '+').Replace('_', '/'), out _), Is.EqualTo(!cursor.Contains('-') && !cursor.Contains('_')), "plain base64 alphabet");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("%00")]
    [TestCase("../../etc/passwd")]
    [TestCase("{\"$gt\":\"\"}")]
    public void TryDecode_WhenNotACursor_Refuses(string? text) =>
        Assert.That(UserListCursor.TryDecode(text, out _), Is.False);
}
