using System.Diagnostics;

namespace Ludmin.Tests.Shared;

/// <summary>
/// Debian's Python 3 and its packaged modules, for the tests that check Ludmin against a
/// maintained tool (PyJWT, pyotp, the foreign hashers, aiosmtpd). A test whose modules are
/// missing is ignored with the reason and the packages to install, unless its <c>LUDMIN_REQUIRE_*</c>
/// variable is 1 (CI sets them), which makes their absence a failure.
/// </summary>
internal static class DebianPython
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Returns when <c>import <paramref name="modules"/></c> works; otherwise ignores (or fails) the test.</summary>
    /// <param name="modules">What to import, as Python writes it: <c>"jwt, cryptography"</c>.</param>
    /// <param name="packages">The Debian packages that provide them.</param>
    /// <param name="requireVariable">The variable that, at 1, makes their absence a failure.</param>
    public static void Require(string modules, IReadOnlyList<string> packages, string requireVariable)
    {
        if (File.Exists(Python))
        {
            using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", $"import {modules}"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            probe.WaitForExit();
            if (probe.ExitCode == 0)
            {
                return;
            }
        }

        var reason = $"Debian's {string.Join(", ", packages)} not all installed ({Python} -c 'import {modules}' fails): "
            + $"run .ci/install, or apt-get install {string.Join(' ', packages)}.";
        if (Environment.GetEnvironmentVariable(requireVariable) == "1")
        {
            Assert.Fail($"{reason} ({requireVariable}=1 requires them.)");
        }

        Assert.Ignore(reason);
    }

    /// <summary>Runs Python with <paramref name="arguments"/>, writes <paramref name="input"/> to it line by line, and waits for it to exit.</summary>
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(IEnumerable<string> arguments, IEnumerable<string>? input = null)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var line in input ?? [])
        {
            await process.StandardInput.WriteLineAsync(line);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
