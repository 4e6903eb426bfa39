using System.Text.Json;

namespace Ludmin.Api.Tests.Support;

/// <summary>The reset codes the server handed to the pickup directory, one JSON file each.</summary>
public static class ResetCodePickup
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private const int MaxPolls = 100;

    public static IReadOnlyList<PickedUpCode> ReadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        // Files appear complete (written aside, then renamed); the hidden .tmp ones are not ready.
        return [.. Directory.EnumerateFiles(directory, "*.json")
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Select(Read)
            .OrderBy(f => f.WrittenAt)
            .ThenBy(f => f.ExpiresAt)];
    }

    /// <summary>Polls briefly for a delivered code matching <paramref name="match"/>; the newest one if several do.</summary>
    public static async Task<PickedUpCode> WaitForAsync(string directory, Func<PickedUpCode, bool> match)
    {
        for (var poll = 0; poll < MaxPolls; poll++)
        {
            var found = ReadAll(directory).LastOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(PollInterval);
        }

        throw new AssertionException($"No matching reset code was delivered to {directory}.");
    }

    private static PickedUpCode Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        return new PickedUpCode(
            path,
            root.GetProperty("email").GetString()!,
            root.GetProperty("code").GetString()!,
            root.GetProperty("expires_at").GetDateTimeOffset(),
            File.GetLastWriteTimeUtc(path));
    }
}
