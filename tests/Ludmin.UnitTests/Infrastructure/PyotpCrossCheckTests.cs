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
        DebianPython.Require("pyotp", ["python3-pyotp"], RequireVariable);
        var cases = Enumerable.Range(0, Cases)
            .Select(_ => (Secret: RandomNumberGenerator.GetBytes(20), Moment: RandomNumberGenerator.GetInt32(0, int.MaxValue) + (long)RandomNumberGenerator.GetInt32(0, 4) * int.MaxValue))
            .ToList();

        var pyotp = await RunPyotpAsync(cases.Select(c => $"{Base32Encoding.ToString(c.Secret)} {c.Moment.ToString(CultureInfo.InvariantCulture)}"));

        var ours = cases.Select(c => OtpNetTotpCodes.CodeAt(c.Secret, DateTimeOffset.FromUnixTimeSeconds(c.Moment)));
        Assert.That(ours, Is.EqualTo(pyotp));
    }

    private static async Task<List<string>> RunPyotpAsync(IEnumerable<string> lines)
    {
        var (exit, output, errors) = await DebianPython.RunAsync(["-c", Script], lines);
        Assert.That(exit, Is.Zero, errors);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
