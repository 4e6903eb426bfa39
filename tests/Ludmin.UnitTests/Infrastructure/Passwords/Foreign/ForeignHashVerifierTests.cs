using System.Diagnostics.CodeAnalysis;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.Passwords.Foreign;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>
/// Which implementation verifies which hash: libsodium's Argon2id where it can (one lane, 16-byte
/// salt), Konscious otherwise and when libsodium is missing; scrypt only with libsodium.
/// </summary>
public sealed class ForeignHashVerifierTests
{
    private static ToolVector Vector(string prefix) =>
        ToolVectors.Verifying.First(v => v.Hash.StartsWith(prefix, StringComparison.Ordinal));

    private static ForeignHash Recognized(string hash) => ForeignHashes.Recognizer().Recognize(hash).Hash!;

    [Test]
    public void Verify_Argon2idWithOneLaneAndA16ByteSalt_RunsOnLibsodium()
    {
        var vector = Vector("$argon2id$v=19$m=19456,t=2,p=1$");
        var loader = new SpyingLoader();

        Assert.That(new ForeignHashVerifier(loader).Verify(vector.Password, Recognized(vector.Hash)), Is.True);
        Assert.That(loader.NativeComputes, Is.EqualTo(1));
    }

    [TestCase("$argon2id$v=19$m=65536,t=3,p=4$", TestName = "Verify_Argon2idWithFourLanes_RunsOnKonscious")]
    [TestCase("$argon2id$v=19$m=4096,t=2,p=1$", TestName = "Verify_Argon2idWithAn8ByteSalt_RunsOnKonscious")]
    [TestCase("$argon2i$v=19$m=4096,t=3,p=1$", TestName = "Verify_Argon2iWithOneLane_RunsOnKonscious")]
    public void Verify_AnArgon2HashLibsodiumCannotCompute_RunsOnKonscious(string prefix)
    {
        var vector = Vector(prefix);
        var loader = new SpyingLoader();

        Assert.That(new ForeignHashVerifier(loader).Verify(vector.Password, Recognized(vector.Hash)), Is.True);
        Assert.That(loader.NativeComputes, Is.Zero);
    }

    [Test]
    public void Verify_Argon2idWhenLibsodiumIsMissing_RunsOnKonscious()
    {
        var vector = Vector("$argon2id$v=19$m=19456,t=2,p=1$");
        var verifier = new ForeignHashVerifier(new FailingLoader());

        Assert.That(verifier.Verify(vector.Password, Recognized(vector.Hash)), Is.True);
        Assert.That(verifier.Verify(vector.Password + "r", Recognized(vector.Hash)), Is.False);
    }

    [Test]
    public void Verify_ScryptWhenLibsodiumIsMissing_ThrowsAndSaysWhy()
    {
        var vector = Vector("$scrypt$ln=10,");

        var thrown = Assert.Throws<InvalidOperationException>(() => new ForeignHashVerifier(new FailingLoader()).Verify(vector.Password, Recognized(vector.Hash)));

        Assert.That(thrown?.Message, Does.Contain("libsodium").And.Contain(FailingLoader.Failure));
    }

    /// <summary>A lone surrogate reads as U+FFFD, as in Ludmin's own hashes, for bcrypt too (BCrypt.Net alone would throw).</summary>
    [Test]
    public void Verify_APasswordWithALoneSurrogate_ReadsItAsTheReplacementCharacter()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("pass\uFFFDword", BCrypt.Net.BCrypt.GenerateSalt(4));

        Assert.That(ForeignHashes.Verify("pass\uD800word", hash), Is.True);
        Assert.That(ForeignHashes.Verify("pass\uDC00word!", hash), Is.False);
    }

    private sealed class FailingLoader : INativeArgon2Loader
    {
        public const string Failure = "the native library libsodium could not be loaded (simulated)";

        public bool TryLoad([NotNullWhen(true)] out IArgon2Engine? engine, [NotNullWhen(false)] out string? failure)
        {
            engine = null;
            failure = Failure;
            return false;
        }
    }

    /// <summary>libsodium, counting the Argon2 hashes it is given.</summary>
    private sealed class SpyingLoader : INativeArgon2Loader, IArgon2Engine
    {
        private IArgon2Engine? _native;

        public int NativeComputes { get; private set; }

        public Argon2Engine Kind => _native!.Kind;

        public string Library => _native!.Library;

        public bool TryLoad([NotNullWhen(true)] out IArgon2Engine? engine, [NotNullWhen(false)] out string? failure)
        {
            var loaded = new LibsodiumLoader().TryLoad(out _native, out failure);
            engine = loaded ? this : null;
            return loaded;
        }

        public string? WhyNot(Argon2Parameters parameters, int saltLength, int hashLength) => _native!.WhyNot(parameters, saltLength, hashLength);

        public byte[] Compute(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength)
        {
            NativeComputes++;
            return _native!.Compute(password, salt, parameters, hashLength);
        }
    }
}
