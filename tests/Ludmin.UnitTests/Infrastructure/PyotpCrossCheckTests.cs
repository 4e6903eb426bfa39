using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Ludmin.Infrastructure.SecondFactor;
using OtpNet;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary>
/// Our codes for random secrets and moments, compared live with Debian's python3-pyotp, an
/// implementation that shares no code with Otp.NET. Reported as skipped, with the reason, when
/// pyotp is not installed, unless <c>LUDMIN_REQUIRE_PYOTP=1</c> (CI sets it), which makes its absence a failure.
/// </summary>
public sealed class PyotpCrossCheckTests
{
    public const string RequireVariable = "LUDMIN_REQUIRE_PYOTP";
    private const string Python = "/usr/bin/python3";
    private const int Cases = 200;

    private const string Script = """
        import sys, pyotp
        for line in sys.stdin:
            secret, moment = line.split()
            print(pyotp.TOTP(secret).at(int(moment)))
        """;

    [Test]
    public async Task CodeAt_WhenComparedWithPyotpOnRandomSecretsAndMoments_AgreesEveryTime()
    {
        RequirePyotp();
        var cases = Enumerable.Range(0, Cases)
            .Select(_ => (Secret: RandomNumberGenerator.GetBytes(20), Moment: RandomNumberGenerator.GetInt32(0, int.MaxValue) + (long)RandomNumberGenerator.GetInt32(0, 4) * int.MaxValue))
            .ToList();

        var pyotp = await RunPyotpAsync(cases.Select(c => $"{Base32Encoding.ToString(c.Secret)} {c.Moment.ToString(CultureInfo.InvariantCulture)}"));

        var ours = cases.Select(c => OtpNetTotpCodes.CodeAt(c.Secret, DateTimeOffset.FromUnixTimeSeconds(c.Moment)));
        Assert.That(ours, Is.EqualTo(pyotp));
    }

    private static async Task<List<string>> RunPyotpAsync(IEnumerable<string> lines)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var line in lines)
        {
            await process.StandardInput.WriteLineAsync(line);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, await stderr);
        return [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    private static void RequirePyotp()
    {
        string? reason = null;
        if (!File.Exists(Python))
        {
            reason = $"{Python} is not installed";
        }
        else
        {
            using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import pyotp"]) { RedirectStandardError = true })!;
            probe.WaitForExit();
            if (probe.ExitCode != 0)
            {
                reason = "Debian's python3-pyotp is not installed";
            }
        }

        if (reason is null)
        {
            return;
        }

        reason += ": run .ci/install, or apt-get install python3-pyotp.";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{reason} ({RequireVariable}=1 requires it.)");
        }

        Assert.Ignore(reason);
    }
}
