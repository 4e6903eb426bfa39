using System.Security.Cryptography;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.SecondFactor;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class AesGcmSecretSealerTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 20).Select(i => (byte)i)];
    private readonly UserId _owner = UserId.New();

    internal static SecondFactorKey Key(byte fill)
    {
        Assert.That(SecondFactorKey.TryParse(Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()), out var key), Is.True);
        return key!;
    }

    [Test]
    public void Unseal_WhenGivenWhatSealMade_GivesTheSecretBack()
    {
        var sealer = new AesGcmSecretSealer(Key(7));

        Assert.That(sealer.Unseal(sealer.Seal(Secret, _owner), _owner), Is.EqualTo(Secret));
    }

    [Test]
    public void Seal_WhenCalled_WritesVersionKeyIdNonceCiphertextAndTagWithoutThePlainSecret()
    {
        var key = Key(7);

        var sealedBytes = new AesGcmSecretSealer(key).Seal(Secret, _owner).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(sealedBytes, Has.Length.EqualTo(1 + 1 + 12 + Secret.Length + 16));
            Assert.That(sealedBytes[0], Is.EqualTo(1), "format version");
            Assert.That(sealedBytes[1], Is.EqualTo(key.Id));
            Assert.That(sealedBytes.AsSpan(14, Secret.Length).SequenceEqual(Secret), Is.False);
        });
    }

    [Test]
    public void Seal_WhenTheSameSecretIsSealedTwice_UsesAFreshNonceEachTime()
    {
        var sealer = new AesGcmSecretSealer(Key(7));

        var first = sealer.Seal(Secret, _owner).ToArray();
        var second = sealer.Seal(Secret, _owner).ToArray();

        Assert.That(first.AsSpan(2, 12).SequenceEqual(second.AsSpan(2, 12)), Is.False);
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Unseal_WhenAnyByteIsChanged_Throws()
    {
        var sealer = new AesGcmSecretSealer(Key(7));
        var sealedBytes = sealer.Seal(Secret, _owner).ToArray();

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            foreach (var bit in new byte[] { 0x01, 0x80 })
            {
                var tampered = sealedBytes.ToArray();
                tampered[i] ^= bit;
                Assert.That(() => sealer.Unseal(SealedSecret.FromStored(tampered), _owner), Throws.InstanceOf<CryptographicException>(), $"byte {i}, bit {bit:x2}");
            }
        }
    }

    [Test]
    public void Unseal_WhenTruncatedOrExtended_Throws()
    {
        var sealer = new AesGcmSecretSealer(Key(7));
        var sealedBytes = sealer.Seal(Secret, _owner).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(() => sealer.Unseal(SealedSecret.FromStored(sealedBytes[..^1]), _owner), Throws.InstanceOf<CryptographicException>());
            Assert.That(() => sealer.Unseal(SealedSecret.FromStored(sealedBytes[..30]), _owner), Throws.InstanceOf<CryptographicException>());
            Assert.That(() => sealer.Unseal(SealedSecret.FromStored([.. sealedBytes, 0]), _owner), Throws.InstanceOf<CryptographicException>());
            Assert.That(() => sealer.Unseal(SealedSecret.FromStored([1]), _owner), Throws.InstanceOf<CryptographicException>());
        });
    }

    [Test]
    public void Unseal_WhenTheKeyIsAnother_Throws()
    {
        var sealedSecret = new AesGcmSecretSealer(Key(7)).Seal(Secret, _owner);
        var other = Key(8);
        Assert.That(other.Id, Is.Not.EqualTo(Key(7).Id), "these two test keys have different ids");

        Assert.That(() => new AesGcmSecretSealer(other).Unseal(sealedSecret, _owner), Throws.InstanceOf<CryptographicException>().With.Message.Contains("another key"));
    }

    [Test]
    public void Unseal_WhenAnotherKeyClaimsTheSameId_StillFailsTheTag()
    {
        var sealedBytes = new AesGcmSecretSealer(Key(7)).Seal(Secret, _owner).ToArray();
        var other = Key(8);
        sealedBytes[1] = other.Id;

        // The header is authenticated, so this fails as tampering; what matters is that no wrong secret comes out.
        Assert.That(() => new AesGcmSecretSealer(other).Unseal(SealedSecret.FromStored(sealedBytes), _owner), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void Unseal_WhenTheOwnerIsAnother_Throws()
    {
        var sealer = new AesGcmSecretSealer(Key(7));

        Assert.That(() => sealer.Unseal(sealer.Seal(Secret, _owner), UserId.New()), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void Seal_WhenTheSecretIsEmpty_Throws() =>
        Assert.That(() => new AesGcmSecretSealer(Key(7)).Seal([], _owner), Throws.ArgumentException);
}
