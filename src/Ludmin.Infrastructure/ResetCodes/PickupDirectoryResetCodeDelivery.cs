using System.Text.Json;
using Ludmin.Application.Common.Ports;
using Ludmin.Infrastructure.Files;
using Ludmin.Infrastructure.Threading;

namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>
/// Writes each code as one JSON file (<c>email</c>, <c>code</c>, <c>expires_at</c>) for the task
/// that sends them. The file appears complete or not at all (written aside, then renamed), and
/// only the service's own user may read it. File calls block (on Linux even the "async" ones
/// run synchronously on some thread), so they run on a thread of our own, never a request's.
/// </summary>
internal sealed class PickupDirectoryResetCodeDelivery(string directory) : IResetCodeDelivery, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly DedicatedWorkerPool<object> _writer = new("pickup-writer", 1, null, () => new object());

    public string Directory { get; } = directory;

    public ValueTask DeliverAsync(ResetCodeMessage message, CancellationToken cancellationToken) =>
        new(_writer.Run(_ =>
        {
            Write(message);
            return true;
        }, cancellationToken));

    public void Dispose() => _writer.Dispose();

    private void Write(ResetCodeMessage message)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{message.ExpiresAt:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.json";
        var temporaryPath = Path.Combine(Directory, "." + name + ".tmp");
        using (var stream = new FileStream(temporaryPath, PrivateFile.CreateNew(asynchronous: false)))
        {
            JsonSerializer.Serialize(stream, new PickupFile(message.Email, message.Code, message.ExpiresAt), Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporaryPath, Path.Combine(Directory, name));
    }

    private sealed record PickupFile(string Email, string Code, DateTimeOffset ExpiresAt);
}
