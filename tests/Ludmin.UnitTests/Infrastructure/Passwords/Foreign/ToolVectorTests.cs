using Ludmin.Infrastructure.Passwords.Foreign;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>
/// Hashes made by the real tools (Debian's python3-bcrypt, python3-argon2, python3-passlib and
/// python3-django, committed in tests/vectors/foreign-hashes.json) are recognised as their
/// format and verify with their password and with nothing else, byte for byte as the tools do.
/// </summary>
public sealed class ToolVectorTests
{
    private static IEnumerable<ToolVector> Committed => ToolVectors.Committed;

    private static IEnumerable<ToolVector> Verifying => ToolVectors.Verifying;

    [Test]
    public void Committed_WhenRead_CoversEveryFormatTheToolsWrite()
    {
        var formats = Verifying.Select(v => v.ExpectedFormat).Distinct();

        Assert.That(formats, Is.EquivalentTo(Enum.GetValues<ForeignHashFormat>().Except([ForeignHashFormat.AspNetIdentityV2, ForeignHashFormat.AspNetIdentityV3])));
        Assert.That(Verifying.Where(v => v.ExpectedFormat == ForeignHashFormat.Bcrypt).Select(v => v.Hash[..4]).Distinct(), Is.EquivalentTo(new[] { "$2a$", "$2b$", "$2y$" }));
    }

    [TestCaseSource(nameof(Committed))]
    public void Recognize_AToolsHash_ReadsItsFormatOrRefusesItWithTheExpectedCode(ToolVector vector)
    {
        var recognition = ForeignHashes.Recognizer().Recognize(vector.Hash);

        if (vector.Verifies)
        {
            Assert.That(recognition.Hash?.Format, Is.EqualTo(vector.ExpectedFormat), recognition.Code);
        }
        else
        {
            Assert.That((recognition.IsRecognized, recognition.Code), Is.EqualTo((false, vector.Expect)));
        }
    }

    [TestCaseSource(nameof(Verifying))]
    public void Verify_WithThePasswordTheToolHashed_Succeeds(ToolVector vector) =>
        Assert.That(ForeignHashes.Verify(vector.Password, vector.Hash), Is.True);

    [TestCaseSource(nameof(Verifying))]
    public void Verify_WithPasswordsTheToolRefuses_Fails(ToolVector vector)
    {
        foreach (var password in vector.Refused)
        {
            Assert.That(ForeignHashes.Verify(password, vector.Hash), Is.False, password);
        }
    }

    /// <summary>bcrypt reads 72 bytes and ignores the rest, as the original did: the tool accepts these and so must Ludmin.</summary>
    [TestCaseSource(nameof(Verifying))]
    public void Verify_WithOtherPasswordsTheToolAccepts_Succeeds(ToolVector vector)
    {
        foreach (var password in vector.Accepted)
        {
            Assert.That(ForeignHashes.Verify(password, vector.Hash), Is.True, password);
        }
    }

    [TestCaseSource(nameof(Verifying))]
    public void Verify_WhenOneCharacterOfTheChecksumChanged_Fails(ToolVector vector) =>
        Assert.That(ForeignHashes.Verify(vector.Password, vector.WithOneCharacterChanged(salt: false)), Is.False);

    [TestCaseSource(nameof(Verifying))]
    public void Verify_WhenOneCharacterOfTheSaltChanged_Fails(ToolVector vector) =>
        Assert.That(ForeignHashes.Verify(vector.Password, vector.WithOneCharacterChanged(salt: true)), Is.False);
}
