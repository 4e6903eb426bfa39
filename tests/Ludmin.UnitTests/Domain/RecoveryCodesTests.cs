using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;

namespace Ludmin.UnitTests.Domain;

public sealed class RecoveryCodesTests
{
    private static string[] Hashes(int count) => [.. Enumerable.Range(0, count).Select(i => $"hash-{i}")];

    [Test]
    public void Issue_WhenGivenTenDistinctHashes_HasTenLeft()
    {
        var codes = RecoveryCodes.Issue(Hashes(RecoveryCodes.SetSize));

        Assert.That(codes.Left, Is.EqualTo(10));
        Assert.That(codes.Hashes, Is.EqualTo(Hashes(10)));
    }

    [TestCase(9)]
    [TestCase(11)]
    [TestCase(0)]
    public void Issue_WhenNotAFullSet_Throws(int count) =>
        Assert.That(() => RecoveryCodes.Issue(Hashes(count)), Throws.ArgumentException);

    [Test]
    public void IssueAndRestore_WhenAHashRepeatsOrIsBlank_Throw()
    {
        string[] repeated = [.. Hashes(9), "hash-0"];
        string[] blank = [.. Hashes(9), " "];

        Assert.Multiple(() =>
        {
            Assert.That(() => RecoveryCodes.Issue(repeated), Throws.ArgumentException);
            Assert.That(() => RecoveryCodes.Issue(blank), Throws.ArgumentException);
            Assert.That(() => RecoveryCodes.Restore(["a", "a"]), Throws.ArgumentException);
            Assert.That(() => RecoveryCodes.Restore(Hashes(11)), Throws.ArgumentException);
        });
    }

    [Test]
    public void Use_WhenTheHashIsInTheSet_ReturnsTheSetWithoutIt()
    {
        var codes = RecoveryCodes.Issue(Hashes(10));

        var after = codes.Use("hash-3");

        Assert.Multiple(() =>
        {
            Assert.That(after.Left, Is.EqualTo(9));
            Assert.That(after.Contains("hash-3"), Is.False);
            Assert.That(after.Hashes, Is.EqualTo(Hashes(10).Where(h => h != "hash-3")));
            Assert.That(codes.Left, Is.EqualTo(10), "the old set is unchanged");
        });
    }

    [Test]
    public void Use_WhenTheSameCodeIsUsedTwice_RefusesTheSecondWithSecondFactorInvalid()
    {
        var after = RecoveryCodes.Issue(Hashes(10)).Use("hash-0");

        Assert.That(() => after.Use("hash-0"), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.SecondFactorInvalid));
    }

    [Test]
    public void Use_WhenTheHashIsUnknown_RefusesWithSecondFactorInvalid() =>
        Assert.That(() => RecoveryCodes.Issue(Hashes(10)).Use("hash-10"), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.SecondFactorInvalid));

    [Test]
    public void Use_WhenEveryCodeIsSpent_LeavesNone()
    {
        var codes = RecoveryCodes.Issue(Hashes(10));

        codes = Hashes(10).Aggregate(codes, (set, hash) => set.Use(hash));

        Assert.That(codes.Left, Is.Zero);
        Assert.That(RecoveryCodes.None.Left, Is.Zero);
    }
}
