using Ludmin.Infrastructure.Passwords.Foreign;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>
/// The recognizer reads a format from the string alone and never throws: garbage, truncated and
/// altered hashes are hash_unsupported, well-formed hashes above a ceiling hash_too_costly.
/// </summary>
public sealed class ForeignHashRecognizerTests
{
    private const string Salt16 = "c29tZXNhbHRzb21lc2FsdA";
    private const string Hash32 = "JLuAo5HmqIObztidDs/B44+mN1hyoLa0yv241yB8BG8";
    private const string AdaptedSalt = "XEup1do7J0RIiXHO2Vtr7Q";
    private const string AdaptedSha256 = "TVI5jUYXaqXw4IokxodFM0021Yf0T8rWnqW73F7U.w4";
    private const string DjangoSha256 = "LBZT353VqSgrjPXlmk1f7yBgqiVt16JK/GqyfXU2d5g=";

    private static IEnumerable<string> Garbage =>
    [
        "", " ", "$", "$$$$", "$$$$$", "password", "$2b$", "$2b$12$", "$2x$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
        "$argon2id$", "$argon2id$v=19$m=,t=,p=$$", "$argon2id$v=19$m=-1,t=1,p=1$" + Salt16 + "$" + Hash32,
        "$pbkdf2-sha256$$$", "$pbkdf2-sha256$0$" + AdaptedSalt + "$" + AdaptedSha256, "$scrypt$ln=16,r=8,p=1$$",
        "pbkdf2_sha256$", "pbkdf2_sha256$$$", "pbkdf2_sha256$1000$$" + DjangoSha256, "AA==", "AQ==", "AAAA",
        "\0\0\0", "$argon2id$v=19$m=65536,t=3,p=4$\u00e9$\u00e9", new string('$', 2000), new string('A', 1024),
        "$argon2id$v=19$m=99999999999999999999999,t=3,p=4$" + Salt16 + "$" + Hash32,
    ];

    private static IEnumerable<ToolVector> Committed => ToolVectors.Committed;

    [TestCaseSource(nameof(Garbage))]
    public void Recognize_Garbage_IsUnsupported(string text) =>
        Assert.That(ForeignHashes.Recognizer().Recognize(text).Code, Is.EqualTo(ForeignHashRecognition.UnsupportedCode));

    [Test]
    public void Recognize_Null_IsUnsupported() =>
        Assert.That(ForeignHashes.Recognizer().Recognize(null).Problem, Is.EqualTo(ForeignHashProblem.Unsupported));

    /// <summary>
    /// Every shorter prefix is unsupported, except where Argon2's tag, whose length is a
    /// parameter, is cut to a canonical base64 of at least 4 bytes (the shortest tag): that is
    /// another, well-formed hash (see
    /// <see cref="Verify_AnArgon2HashWithItsTagCut_Fails"/>).
    /// </summary>
    [TestCaseSource(nameof(Committed))]
    public void Recognize_EveryTruncationOfAToolsHash_IsUnsupportedWithoutThrowing(ToolVector vector)
    {
        var recognizer = ForeignHashes.Recognizer();
        var tagStart = vector.Hash.LastIndexOf('$') + 1;

        for (var length = 0; length < vector.Hash.Length; length++)
        {
            var truncated = vector.Hash[..length];
            var recognition = recognizer.Recognize(truncated);
            if (vector.Format.StartsWith("argon2", StringComparison.Ordinal) && length - tagStart >= 6)
            {
                var originalTagBytes = (vector.Hash.Length - tagStart) * 3 / 4;
                Assert.That(recognition.Hash is not Argon2Hash cut || cut.Expected.Length < originalTagBytes, truncated);
                continue;
            }

            Assert.That(recognition.Code, Is.EqualTo(ForeignHashRecognition.UnsupportedCode), truncated);
        }
    }

    [Test]
    public void Verify_AnArgon2HashWithItsTagCut_Fails()
    {
        var vector = ToolVectors.Verifying.First(v => v.Hash.StartsWith("$argon2d$v=19$m=4096,", StringComparison.Ordinal));
        var thirtyBytes = vector.Hash[..(vector.Hash.LastIndexOf('$') + 1 + 40)];

        Assert.That(ForeignHashes.Verify(vector.Password, thirtyBytes), Is.False);
    }

    /// <summary>Each character replaced by each of a few others: recognised, refused, never an exception.</summary>
    [TestCaseSource(nameof(Committed))]
    public void Recognize_EveryOneCharacterChangeOfAToolsHash_DoesNotThrow(ToolVector vector)
    {
        var recognizer = ForeignHashes.Recognizer();

        for (var at = 0; at < vector.Hash.Length; at++)
        {
            foreach (var replacement in "$=,.+/0A9z\0é")
            {
                var changed = string.Concat(vector.Hash.AsSpan(0, at), replacement.ToString(), vector.Hash.AsSpan(at + 1));
                Assert.DoesNotThrow(() => recognizer.Recognize(changed), changed);
            }
        }
    }

    [TestCaseSource(nameof(Garbage))]
    public void Recognize_RandomGarbageAroundAPrefix_DoesNotThrow(string seed)
    {
        var random = TestContext.CurrentContext.Random;
        var recognizer = ForeignHashes.Recognizer();
        foreach (var prefix in new[] { "$2b$", "$argon2id$v=19$", "$pbkdf2$", "$pbkdf2-sha512$", "$scrypt$", "pbkdf2_sha1$", "AQ", "AA" })
        {
            var text = prefix + seed + random.GetString(random.Next(0, 200), "$=,.+/0123456789abcdefmnprtvAZ=ln");
            Assert.DoesNotThrow(() => recognizer.Recognize(text), text);
        }
    }

    /// <summary>The last base64 character of a 16-byte salt carries 2 bits; changing only its 4 unused ones must not be taken as the same salt.</summary>
    [TestCase("$argon2i$v=19$m=8192,t=2,p=2$c29tZXNhbHRzb21lc2FsdB$" + Hash32)]
    [TestCase("$pbkdf2-sha256$1000$XEup1do7J0RIiXHO2Vtr7R$" + AdaptedSha256)]
    [TestCase("$pbkdf2-sha256$1000$" + AdaptedSalt + "$TVI5jUYXaqXw4IokxodFM0021Yf0T8rWnqW73F7U.w5")]
    [TestCase("pbkdf2_sha256$1000$J6RXHxkf3pG2x9kfABnFFl$LBZT353VqSgrjPXlmk1f7yBgqiVt16JK/GqyfXU2d5h=")]
    [TestCase("$argon2i$v=19$m=8192,t=2,p=2$" + Salt16 + "==$" + Hash32)]
    [TestCase("$argon2i$v=19$m=8192,t=2,p=2$" + Salt16 + " $" + Hash32)]
    [TestCase("$pbkdf2-sha256$1000$" + AdaptedSalt + "$TVI5jUYXaqXw4IokxodFM0021Yf0T8rWnqW73F7U+w4")]
    [TestCase("$pbkdf2-sha256$01000$" + AdaptedSalt + "$" + AdaptedSha256)]
    [TestCase("$pbkdf2-sha256$+1000$" + AdaptedSalt + "$" + AdaptedSha256)]
    public void Recognize_ANonCanonicalSpelling_IsUnsupported(string text) =>
        Assert.That(ForeignHashes.Recognizer().Recognize(text).Code, Is.EqualTo(ForeignHashRecognition.UnsupportedCode));

    [TestCase("$argon2d$m=1024,t=2,p=1$" + Salt16 + "$" + Hash32, TestName = "Recognize_Argon2WithoutAVersion_IsUnsupported")]
    [TestCase("$argon2d$v=16$m=1024,t=2,p=1$" + Salt16 + "$" + Hash32, TestName = "Recognize_Argon2Version16_IsUnsupported")]
    [TestCase("$argon2id$v=19$m=1024,t=2,p=1,keyid=abc$" + Salt16 + "$" + Hash32, TestName = "Recognize_Argon2WithAKeyId_IsUnsupported")]
    [TestCase("$argon2id$v=19$m=15,t=2,p=2$" + Salt16 + "$" + Hash32, TestName = "Recognize_Argon2WithLessThan8KiBALane_IsUnsupported")]
    [TestCase("$argon2id$v=19$m=1024,t=2,p=1$c2FsdA$" + Hash32, TestName = "Recognize_Argon2WithA4ByteSalt_IsUnsupported")]
    [TestCase("$2x$10$z8RlLzFyk0yffvHrexIPF.qcPOgvCQKqfDjYZ9aqK1iZID9rSg7dq", TestName = "Recognize_BcryptOfCryptBlowfishsBuggyVariant_IsUnsupported")]
    [TestCase("$2b$03$z8RlLzFyk0yffvHrexIPF.qcPOgvCQKqfDjYZ9aqK1iZID9rSg7dq", TestName = "Recognize_BcryptBelowCost4_IsUnsupported")]
    [TestCase("$2b$10$z8RlLzFyk0yffvHrexIPF.qcPOgvCQKqfDjYZ9aqK1iZID9rSg7d=", TestName = "Recognize_BcryptWithACharacterOutsideItsAlphabet_IsUnsupported")]
    [TestCase("$pbkdf2-sha256$1000$" + AdaptedSalt + "$XEup1do7J0RIiXHO2Vtr7Q", TestName = "Recognize_PasslibPbkdf2WithAChecksumShorterThanItsDigest_IsUnsupported")]
    [TestCase("$pbkdf2-sha384$1000$" + AdaptedSalt + "$" + AdaptedSha256, TestName = "Recognize_PasslibPbkdf2OfAnotherDigest_IsUnsupported")]
    [TestCase("pbkdf2_sha256$1000$$" + DjangoSha256, TestName = "Recognize_DjangoWithAnEmptySalt_IsUnsupported")]
    [TestCase("pbkdf2_sha256$1000$salt$" + DjangoSha256 + "$", TestName = "Recognize_DjangoWithAFifthPart_IsUnsupported")]
    [TestCase("argon2$argon2id$v=19$m=102400,t=2,p=8$" + Salt16 + "$" + Hash32, TestName = "Recognize_DjangosArgon2Hasher_IsUnsupported")]
    [TestCase("$scrypt$ln=0,r=8,p=1$" + Salt16 + "$" + Hash32, TestName = "Recognize_ScryptWithNOf1_IsUnsupported")]
    [TestCase("$scrypt$r=8,ln=16,p=1$" + Salt16 + "$" + Hash32, TestName = "Recognize_ScryptWithItsParametersOutOfOrder_IsUnsupported")]
    [TestCase("$7$C6..../....SodiumChloride$kBGj9fHznVYFQMEn/qDCfrDevf9YDtcDdKvEqHJLV8D", TestName = "Recognize_TheDollar7ScryptForm_IsUnsupported")]
    public void Recognize_AFormatOrVariantLudminDoesNotRead_IsUnsupported(string text) =>
        Assert.That(ForeignHashes.Recognizer().Recognize(text).Code, Is.EqualTo(ForeignHashRecognition.UnsupportedCode));

    [TestCase("$argon2id$v=19$m=65537,t=3,p=4$" + Salt16 + "$" + Hash32, TestName = "Recognize_Argon2AboveTheMemoryCeiling_IsTooCostly")]
    [TestCase("$argon2i$v=19$m=65536,t=11,p=4$" + Salt16 + "$" + Hash32, TestName = "Recognize_Argon2AboveTheIterationCeiling_IsTooCostly")]
    [TestCase("$argon2d$v=19$m=65536,t=3,p=9$" + Salt16 + "$" + Hash32, TestName = "Recognize_Argon2AboveTheLaneCeiling_IsTooCostly")]
    [TestCase("$argon2id$v=19$m=4294967295,t=4294967295,p=16777215$" + Salt16 + "$" + Hash32, TestName = "Recognize_Argon2AtTheFormatsLargestValues_IsTooCostly")]
    [TestCase("$2b$15$z8RlLzFyk0yffvHrexIPF.qcPOgvCQKqfDjYZ9aqK1iZID9rSg7dq", TestName = "Recognize_BcryptAboveTheCostCeiling_IsTooCostly")]
    [TestCase("$pbkdf2$2000001$" + AdaptedSalt + "$R2lvKUtQQq0MPaXg4EqD1itFLHw", TestName = "Recognize_PasslibPbkdf2Sha1AboveItsCeiling_IsTooCostly")]
    [TestCase("$pbkdf2-sha256$1000000000$" + AdaptedSalt + "$" + AdaptedSha256, TestName = "Recognize_PasslibPbkdf2Sha256WithABillionRounds_IsTooCostly")]
    [TestCase("$pbkdf2-sha512$1000001$TMlZy/lfC0EohZCyVmptLQ$ZdINVVsde0lOQAzQwpXrWopnCFf7hJfS33evbWluDZMIKwsrlOeXFqswdJVurPYIMcK6ZmXn4B8/FvnG3Ojj3A", TestName = "Recognize_PasslibPbkdf2Sha512AboveItsCeiling_IsTooCostly")]
    [TestCase("pbkdf2_sha256$2000001$J6RXHxkf3pG2x9kfABnFFl$" + DjangoSha256, TestName = "Recognize_DjangoAboveTheSha256Ceiling_IsTooCostly")]
    [TestCase("$scrypt$ln=17,r=8,p=1$" + Salt16 + "$" + Hash32, TestName = "Recognize_ScryptAboveTheMemoryCeiling_IsTooCostly")]
    [TestCase("$scrypt$ln=21,r=1,p=1$" + Salt16 + "$" + Hash32, TestName = "Recognize_ScryptAboveTheLogNCeiling_IsTooCostly")]
    [TestCase("$scrypt$ln=10,r=17,p=1$" + Salt16 + "$" + Hash32, TestName = "Recognize_ScryptAboveTheBlockSizeCeiling_IsTooCostly")]
    [TestCase("$scrypt$ln=10,r=8,p=17$" + Salt16 + "$" + Hash32, TestName = "Recognize_ScryptAboveTheParallelismCeiling_IsTooCostly")]
    [TestCase("$scrypt$ln=99,r=8,p=1$" + Salt16 + "$" + Hash32, TestName = "Recognize_ScryptWithAHugeN_IsTooCostly")]
    public void Recognize_AHashAboveACeiling_IsTooCostly(string text) =>
        Assert.That(ForeignHashes.Recognizer().Recognize(text).Code, Is.EqualTo(ForeignHashRecognition.TooCostlyCode));

    [Test]
    public void Recognize_WhenTheCeilingIsRaised_TakesWhatTheDefaultRefused()
    {
        var raised = new ForeignHashOptions { MaxArgon2MemoryKiB = 128 * 1024, MaxBcryptCost = 15, MaxPbkdf2Sha256Iterations = 1_000_000_000, MaxScryptMemoryKiB = 128 * 1024 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ForeignHashes.Recognizer(raised).Recognize("$argon2id$v=19$m=65537,t=3,p=4$" + Salt16 + "$" + Hash32).IsRecognized, Is.True);
            Assert.That(ForeignHashes.Recognizer(raised).Recognize("$2b$15$z8RlLzFyk0yffvHrexIPF.qcPOgvCQKqfDjYZ9aqK1iZID9rSg7dq").IsRecognized, Is.True);
            Assert.That(ForeignHashes.Recognizer(raised).Recognize("$pbkdf2-sha256$1000000000$" + AdaptedSalt + "$" + AdaptedSha256).IsRecognized, Is.True);
            Assert.That(ForeignHashes.Recognizer(raised).Recognize("$scrypt$ln=17,r=8,p=1$" + Salt16 + "$" + Hash32).IsRecognized, Is.True);
        }
    }

    [Test]
    public void Recognize_WhenACeilingIsLowered_RefusesAToolsHashAsTooCostly()
    {
        var lowered = new ForeignHashOptions { MaxPbkdf2Sha256Iterations = 28_999 };
        var passlibDefault = ToolVectors.Verifying.First(v => v.Format == "passlib-pbkdf2-sha256" && v.Hash.Contains("$29000$", StringComparison.Ordinal));

        Assert.That(ForeignHashes.Recognizer(lowered).Recognize(passlibDefault.Hash).Code, Is.EqualTo(ForeignHashRecognition.TooCostlyCode));
    }

    [Test]
    public void Recognize_AHashLongerThanTheLimit_IsUnsupported()
    {
        var longSalt = new string('A', ForeignHashRecognizer.MaxLength);

        Assert.That(ForeignHashes.Recognizer().Recognize("$pbkdf2-sha256$1000$" + longSalt + "$" + AdaptedSha256).Code, Is.EqualTo(ForeignHashRecognition.UnsupportedCode));
    }
}
