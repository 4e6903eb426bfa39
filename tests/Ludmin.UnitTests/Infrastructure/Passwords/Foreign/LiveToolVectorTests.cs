using System.Diagnostics;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>
/// The tools make new hashes now (tests/vectors/make-foreign-hashes.py, fresh salts) and each is
/// read and verified as the committed ones are. Skipped with the reason when Debian's modules are
/// not installed, unless <c>LUDMIN_REQUIRE_FOREIGN_HASH_TOOLS=1</c> (CI sets it).
/// </summary>
public sealed class LiveToolVectorTests
{
    public const string RequireVariable = "LUDMIN_REQUIRE_FOREIGN_HASH_TOOLS";
    private const string Python = "/usr/bin/python3";

    [Test]
    public async Task Verify_HashesTheToolsMakeNow_BehavesAsTheToolsDo()
    {
        RequireTools();
        var output = Path.Combine(Path.GetTempPath(), $"ludmin-foreign-hashes-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, errors) = await RunAsync(Python, ToolVectors.Script, output);
            Assert.That(exit, Is.Zero, errors);

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

    private static async Task<(int Exit, string Errors)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static void RequireTools()
    {
        string? reason = null;
        if (!File.Exists(Python))
        {
            reason = $"{Python} is not installed";
        }
        else
        {
            using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import bcrypt, argon2, passlib, django"]) { RedirectStandardError = true })!;
            probe.WaitForExit();
            if (probe.ExitCode != 0)
            {
                reason = "Debian's python3-bcrypt, python3-argon2, python3-passlib and python3-django are not all installed";
            }
        }

        if (reason is null)
        {
            return;
        }

        reason += ": run .ci/install, or apt-get install python3-bcrypt python3-argon2 python3-passlib python3-django.";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{reason} ({RequireVariable}=1 requires them.)");
        }

        Assert.Ignore(reason);
    }
}
