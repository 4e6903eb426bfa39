using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

/// <summary>
/// What <see cref="UserId"/>, <see cref="DeviceId"/> and <see cref="SessionId"/> share through
/// <c>HexId</c>, run once for each: the ids are structs with static factories and no common
/// interface, so each is seen through an <see cref="IdKind"/> of its own functions.
/// </summary>
[TestFixtureSource(nameof(Kinds))]
public sealed class IdTests(IdTests.IdKind kind)
{
    public delegate bool TryParser(string? text, out object id);

    /// <summary>One id type: its ids boxed (equality stays the type's own), and how to make, parse and read them.</summary>
    public sealed record IdKind(string Name, Func<object> New, TryParser TryParse, Func<string, object> Parse, Func<object, string> Value)
    {
        public override string ToString() => Name;
    }

    private static readonly IdKind[] Kinds =
    [
        new("UserId", () => UserId.New(), (string? text, out object id) => Box(UserId.TryParse(text, out var typed), typed, out id), text => UserId.Parse(text), id => ((UserId)id).Value),
        new("DeviceId", () => DeviceId.New(), (string? text, out object id) => Box(DeviceId.TryParse(text, out var typed), typed, out id), text => DeviceId.Parse(text), id => ((DeviceId)id).Value),
        new("SessionId", () => SessionId.New(), (string? text, out object id) => Box(SessionId.TryParse(text, out var typed), typed, out id), text => SessionId.Parse(text), id => ((SessionId)id).Value),
    ];

    [Test]
    public void New_WhenCalled_GivesDistinctThirtyTwoLowercaseHexDigits()
    {
        var first = kind.New();
        var second = kind.New();

        Assert.That(kind.Value(first), Does.Match("^[0-9a-f]{32}$"));
        Assert.That(kind.Value(second), Does.Match("^[0-9a-f]{32}$"));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [TestCase("ABCDEF0123456789ABCDEF0123456789")]
    [TestCase("0195A1B2C3D47E8F9A0B1C2D3E4F5A6B")]
    public void TryParse_WhenGivenUppercaseHex_KeepsItLowercaseAndEqualToTheLowercaseForm(string text)
    {
        Assert.That(kind.TryParse(text, out var id), Is.True);
        Assert.That(kind.Value(id), Is.EqualTo(text.ToLowerInvariant()));
        Assert.That(id, Is.EqualTo(kind.Parse(text.ToLowerInvariant())));
    }

    [Test]
    public void Parse_WhenGivenANewIdsValue_GivesAnEqualId()
    {
        var id = kind.New();

        Assert.That(kind.Parse(kind.Value(id)), Is.EqualTo(id));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("me")]
    [TestCase("abcdef0123456789abcdef012345678")]
    [TestCase("abcdef0123456789abcdef01234567890")]
    [TestCase("abcdef0123456789abcdef012345678z")]
    [TestCase(" abcdef0123456789abcdef012345678")]
    [TestCase("0195a1b2-c3d4-7e8f-9a0b-1c2d3e4f")]
    [TestCase("abcdef01-2345-6789-abcd-ef0123456789")]
    public void TryParse_WhenNotThirtyTwoHexDigits_Refuses(string? text)
    {
        Assert.That(kind.TryParse(text, out var id), Is.False);
        Assert.That(() => kind.Value(id), Throws.InvalidOperationException, "what a refused parse leaves cannot be used");
    }

    [TestCase("nope")]
    [TestCase("device-1")]
    [TestCase("session-1")]
    public void Parse_WhenMalformed_ThrowsFormatException(string text) =>
        Assert.That(() => kind.Parse(text), Throws.TypeOf<FormatException>());

    [Test]
    public void ToString_WhenParsed_IsTheValue()
    {
        var id = kind.New();

        Assert.That(id.ToString(), Is.EqualTo(kind.Value(id)));
    }

    private static bool Box<T>(bool parsed, T typed, out object id)
        where T : struct
    {
        id = typed;
        return parsed;
    }
}
