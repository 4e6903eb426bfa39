using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Infrastructure.SecondFactor;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class HmacRecoveryCodeProtectorTests
{
    private const string Shape = "^[0-9abcdefghjkmnpqrstvwxyz]{4}-[0-9abcdefghjkmnpqrstvwxyz]{4}-[0-9abcdefghjkmnpqrstvwxyz]{4}$";

    private readonly HmacRecoveryCodeProtector _protector = new(AesGcmSecretSealerTests.Key(7));

    [Test]
    public void NewCodes_WhenCalled_GivesTenDistinctCodesOfTheHumanShape()
    {
        var codes = _protector.NewCodes();

        Assert.That(codes, Has.Count.EqualTo(RecoveryCodes.SetSize));
        Assert.That(codes, Is.Unique);
        Assert.That(codes, Has.All.Match(Shape));
    }

    [Test]
    public void NewCodes_WhenTheAlphabetIsRead_HoldsAtLeastSixtyBitsWithoutLettersPeopleMisread()
    {
        Assert.That(RecoveryCodeFormat.Alphabet.Distinct().Count(), Is.EqualTo(32));
        Assert.That(RecoveryCodeFormat.Alphabet, Does.Not.Contain("i").And.Not.Contain("l").And.Not.Contain("o").And.Not.Contain("u"));
        Assert.That(RecoveryCodeFormat.Symbols * Math.Log2(RecoveryCodeFormat.Alphabet.Length), Is.GreaterThanOrEqualTo(60));
        Assert.That(RecoveryCodeFormat.BitsOfRandomness, Is.GreaterThanOrEqualTo(60));
    }

    [Test]
    public void NewCodes_WhenManyAreMade_UseEverySymbolInEveryPositionAndNeverRepeat()
    {
        // 20 000 codes: a position that never showed one of the 32 symbols would have odds of about 32 * (31/32)^20000, nil.
        var codes = Enumerable.Range(0, 2000).SelectMany(_ => _protector.NewCodes()).Select(c => c.Replace("-", string.Empty, StringComparison.Ordinal)).ToList();

        Assert.That(codes, Is.Unique);
        for (var position = 0; position < RecoveryCodeFormat.Symbols; position++)
        {
            Assert.That(codes.Select(c => c[position]).Distinct().Count(), Is.EqualTo(32), $"position {position}");
        }
    }

    [Test]
    public void Hash_WhenTheSameCodeIsTypedLoosely_GivesTheSameHash()
    {
        const string code = "7k2m-9xq4-hw10";
        var hash = _protector.Hash(code);

        Assert.Multiple(() =>
        {
            Assert.That(hash, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(_protector.Hash("7K2M-9XQ4-HW10"), Is.EqualTo(hash));
            Assert.That(_protector.Hash("7k2m9xq4hw10"), Is.EqualTo(hash));
            Assert.That(_protector.Hash(" 7k2m 9xq4 hw10 "), Is.EqualTo(hash));
            Assert.That(_protector.Hash("7k2m-9xq4-hwIO"), Is.EqualTo(hash), "I and O read as 1 and 0");
            Assert.That(_protector.Hash("7k2m-9xq4-hwLo"), Is.EqualTo(hash), "L reads as 1");
        });
    }

    [Test]
    public void Hash_WhenTheCodeOrTheKeyDiffers_GivesAnotherHash()
    {
        var hash = _protector.Hash("7k2m-9xq4-hw10");

        Assert.That(_protector.Hash("7k2m-9xq4-hw11"), Is.Not.EqualTo(hash));
        Assert.That(new HmacRecoveryCodeProtector(AesGcmSecretSealerTests.Key(8)).Hash("7k2m-9xq4-hw10"), Is.Not.EqualTo(hash));
    }

    [Test]
    public void Hash_WhenComparedWithTheSealersKey_IsNotAPlainHashOfTheCode() =>
        Assert.That(_protector.Hash("7k2m-9xq4-hw10"), Is.Not.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("7k2m9xq4hw10"u8))));

    [Test]
    public void NewCodesHashedIntoASet_WhenACodeIsUsed_WorksOnceAndTheOthersStillWork()
    {
        var codes = _protector.NewCodes();
        var set = RecoveryCodes.Issue(codes.Select(_protector.Hash));

        var after = set.Use(_protector.Hash(codes[4].ToUpperInvariant()));

        Assert.That(after.Left, Is.EqualTo(9));
        Assert.That(() => after.Use(_protector.Hash(codes[4])), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.SecondFactorInvalid));
        Assert.That(after.Use(_protector.Hash(codes[5])).Left, Is.EqualTo(8));
    }
}
