using System.Diagnostics;
using Ludmin.Consumer.Tests.Support;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// What ships: <c>dotnet publish</c> of the API, as the README's deployment notes run it, holds
/// each native library once, for the platform it was published for, rather than a copy for each
/// of the twenty-odd runtimes its packages carry. One publish (a minute or two), into a folder of
/// its own so the checkout's build outputs are left alone.
/// </summary>
[NonParallelizable]
public sealed class PublishTests
{
    [Test]
    public async Task Publish_WithoutARuntime_ShipsOneCopyOfEachNativeLibraryForThisPlatform()
    {
        var work = Directory.CreateTempSubdirectory("ludmin-publish-").FullName;
        try
        {
            var output = Path.Combine(work, "out");
            var (exit, log) = await DotnetAsync(
                "publish", Path.Combine(Repository.Root, "src", "Ludmin.Api"), "-c", "Release", "-o", output,
                "--artifacts-path", Path.Combine(work, "artifacts"));
            Assert.That(exit, Is.Zero, log);

            var natives = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(output, file))
                .Where(file => Path.GetFileNameWithoutExtension(file) is "libsodium" or "libe_sqlite3" or "e_sqlite3")
                .Order(StringComparer.Ordinal)
                .ToList();

            Assert.That(natives, Has.Count.EqualTo(2), string.Join("\n", natives));
            Assert.That(natives.Count(file => Path.GetFileNameWithoutExtension(file) == "libsodium"), Is.EqualTo(1), string.Join("\n", natives));
            Assert.That(Directory.Exists(Path.Combine(output, "runtimes")), Is.False, "the libraries sit beside the program, not under runtimes/<every RID>/");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> DotnetAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
