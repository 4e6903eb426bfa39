using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

/// <summary>
/// The ids are structs, so <c>default</c> exists; these show it cannot pass for an id anywhere
/// it could be used: not as a value, not in a comparison or a dictionary, not when printed.
/// </summary>
public sealed class HexIdTests
{
    private static IEnumerable<TestCaseData> Defaults()
    {
        yield return Case("UserId", () => default(UserId).Value, () => default(UserId).ToString(), () => default(UserId).GetHashCode(), () => default(UserId) == UserId.New(), () => default(UserId) == default);
        yield return Case("DeviceId", () => default(DeviceId).Value, () => default(DeviceId).ToString(), () => default(DeviceId).GetHashCode(), () => default(DeviceId) == DeviceId.New(), () => default(DeviceId) == default);
        yield return Case("SessionId", () => default(SessionId).Value, () => default(SessionId).ToString(), () => default(SessionId).GetHashCode(), () => default(SessionId) == SessionId.New(), () => default(SessionId) == default);
    }

    private static TestCaseData Case(string name, Func<string> value, Func<string> print, Func<int> hash, Func<bool> compareToReal, Func<bool> compareToDefault) =>
        new TestCaseData(value, print, hash, compareToReal, compareToDefault).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Defaults))]
    public void Default_WhenUsedInAnyWay_Throws(Func<string> value, Func<string> print, Func<int> hash, Func<bool> compareToReal, Func<bool> compareToDefault) =>
        Assert.Multiple(() =>
        {
            Assert.That(() => value(), Throws.InvalidOperationException.With.Message.Contains("default"));
            Assert.That(() => print(), Throws.InvalidOperationException);
            Assert.That(() => hash(), Throws.InvalidOperationException);
            Assert.That(() => compareToReal(), Throws.InvalidOperationException);
            Assert.That(() => compareToDefault(), Throws.InvalidOperationException, "two defaults are not one id");
        });

    [Test]
    public void Default_WhenUsedAsADictionaryKey_Throws() =>
        Assert.That(() => new Dictionary<UserId, int> { [default] = 1 }, Throws.InvalidOperationException);

    [Test]
    public void Nullable_WhenNull_ComparesWithoutThrowing()
    {
        // The absent id of a public caller is a null UserId?, not a default UserId: it compares as usual.
        UserId? none = null;

        Assert.Multiple(() =>
        {
            Assert.That(none == UserId.New(), Is.False);
            Assert.That(none == null, Is.True);
        });
    }

    [Test]
    public void Ids_WhenParsedFromTheSameDigitsInAnotherCase_AreEqualWithEqualHashes()
    {
        var lower = SessionId.Parse("abcdef0123456789abcdef0123456789");
        var upper = SessionId.Parse("ABCDEF0123456789ABCDEF0123456789");

        Assert.Multiple(() =>
        {
            Assert.That(upper, Is.EqualTo(lower));
            Assert.That(upper.GetHashCode(), Is.EqualTo(lower.GetHashCode()));
        });
    }

    [Test]
    public void New_WhenCalled_GivesThirtyTwoDigitsForEveryKind() =>
        Assert.Multiple(() =>
        {
            Assert.That(UserId.New().Value, Has.Length.EqualTo(32));
            Assert.That(DeviceId.New().Value, Has.Length.EqualTo(DeviceId.Length));
            Assert.That(SessionId.New().Value, Has.Length.EqualTo(32));
        });
}
