using System.Diagnostics;

namespace Ludmin.Tests.Shared;

/// <summary>
/// chattr, to make a file immutable as an operator (or a broken backup job) might. Root ignores
/// file modes, so this is how a file becomes unwritable for a test running as root. Where the
/// tool or the filesystem cannot, the test is reported as ignored with the reason, never passed.
/// </summary>
internal static class FileAttribute
{
    public static void Set(string path, string change)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("chattr exists on Linux only.");
        }

        var (code, output) = Run(change, path);
        if (code != 0)
        {
            Assert.Ignore($"chattr {change} is not possible here ({output.Trim()}); .ci/install installs e2fsprogs, and the filesystem must support the attribute.");
        }
    }

    /// <summary>Clears what <see cref="Set"/> set, so the test folder can be deleted; quiet when there is nothing to clear.</summary>
    public static void Clear(string path)
    {
        if (OperatingSystem.IsLinux() && Path.Exists(path))
        {
            Run("-ia", path);
        }
    }

    private static (int Code, string Output) Run(string change, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [change, path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
