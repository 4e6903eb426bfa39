
namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>
/// The tools make new hashes now (tests/vectors/make-foreign-hashes.py, fresh salts) and each is
/// read and verified as the committed ones are. Skipped with the reason when Debian's modules are
/// not installed, unless <c>LUDMIN_REQUIRE_FOREIGN_HASH_TOOLS=1</c> (CI sets it).
/// </summary>
public sealed class LiveToolVectorTests
{
    public const string RequireVariable = "LUDMIN_REQUIRE_FOREIGN_HASH_TOOLS";

    [Test]
    public async Task Verify_HashesTheToolsMakeNow_BehavesAsTheToolsDo()
    {
        DebianPython.Require("bcrypt, argon2, passlib, django", ["python3-bcrypt", "python3-argon2", "python3-passlib", "python3-django"], RequireVariable);
        var output = Path.Combine(Path.GetTempPath(), $"ludmin-foreign-hashes-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, printed, errors) = await DebianPython.RunAsync([ToolVectors.Script, output]);
            Assert.That(exit, Is.Zero, printed + errors);

            var vectors = ToolVectors.Read(output);
            Assert.That(vectors.Select(v => v.Hash), Is.Not.EquivalentTo(ToolVectors.Committed.Select(v => v.Hash)), "fresh salts");
            foreach (var vector in vectors)
            {
                AssertBehavesAsTheToolDoes(vector);
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static void AssertBehavesAsTheToolDoes(ToolVector vector)
    {
        var recognition = ForeignHashes.Recognizer().Recognize(vector.Hash);
        if (!vector.Verifies)
        {
            Assert.That(recognition.Code, Is.EqualTo(vector.Expect), vector.ToString());
            return;
        }

        Assert.That(recognition.Hash?.Format, Is.EqualTo(vector.ExpectedFormat), vector.ToString());
        var verifier = ForeignHashes.Verifier();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verifier.Verify(vector.Password, recognition.Hash!), Is.True, vector.ToString());
            foreach (var accepted in vector.Accepted)
            {
                Assert.That(verifier.Verify(accepted, recognition.Hash!), Is.True, $"{vector}, accepted {accepted}");
            }

            foreach (var refused in vector.Refused)
            {
                Assert.That(verifier.Verify(refused, recognition.Hash!), Is.False, $"{vector}, refused {refused}");
            }
        }
    }
}
