using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>
/// Sorts the pickup folder before a send: a file that is not a reset code is renamed to
/// <c>.invalid</c>, an expired code is deleted unsent, and what is left is due, in the order the
/// files were written (their names begin with the time). Files starting with a dot are being
/// written (see <see cref="PickupDirectoryResetCodeDelivery"/>) and are left alone.
/// </summary>
internal sealed partial class PickupFolder(string directory, TimeProvider clock, ILogger logger)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<SortedPickupFolder> SortAsync(CancellationToken cancellationToken)
    {
        // Files are read off the request path, on the sender's own task: the folder is small and local.
        var paths = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        int expired = 0, invalid = 0;
        var due = new List<DuePickupFile>();
        foreach (var path in paths)
        {
            var file = await ReadAsync(path, cancellationToken);
            if (file is null)
            {
                SetAside(path);
                LogInvalid(logger, Path.GetFileName(path));
                invalid++;
            }
            else if (file.ExpiresAt <= clock.GetUtcNow())
            {
                File.Delete(path);
                expired++;
            }
            else
            {
                due.Add(new DuePickupFile(path, file));
            }
        }

        return new SortedPickupFolder(due, expired, invalid);
    }

    /// <summary>Renames a file that can never be sent to <c>.invalid</c>, out of every later pass's way.</summary>
    public static void SetAside(string path) => File.Move(path, path + ".invalid", overwrite: true);

    private static async Task<PickupFile?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            var file = await JsonSerializer.DeserializeAsync<PickupFile>(stream, Json, cancellationToken);
            return file is { Email.Length: > 0, Code.Length: > 0 } ? file : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 2003, EventName = "ResetCodeFileInvalid", Level = LogLevel.Error, Message = "Pickup file {File} is not a reset code; renamed to .invalid and skipped")]
    private static partial void LogInvalid(ILogger logger, string file);
}
