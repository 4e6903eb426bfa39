using System.Text.Json;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Files;
using Ludmin.Infrastructure.Threading;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>
/// Writes each code as one JSON file (<c>email</c>, <c>code</c>, <c>expires_at</c>) for the task
/// that sends them. The file appears complete or not at all (written aside, then renamed), and
/// only the service's own user may read it. File calls block (on Linux even the "async" ones
/// run synchronously on some thread), so they run on a thread of our own, never a request's.
/// </summary>
internal sealed partial class PickupDirectoryResetCodeDelivery(string directory, ILogger? logger = null) : IResetCodeDelivery, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly DedicatedWorkerPool<object> _writer = new("pickup-writer", 1, null, () => new object());

    public string Directory { get; } = directory;

    public ValueTask DeliverAsync(ResetCodeMessage message, CancellationToken cancellationToken) =>
        new(_writer.Run(_ =>
        {
            try
            {
                Write(message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full disk or an unwritable folder: the code was not handed over. The request was
                // answered already (the work runs after it); the cause is the operator's to fix.
                if (logger is not null)
                {
                    LogNotWritten(logger, ex, Directory);
                }

                throw new DomainException(Errors.StoreUnavailable);
            }

            return true;
        }, cancellationToken));

    public void Dispose() => _writer.Dispose();

    private void Write(ResetCodeMessage message)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{message.ExpiresAt:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.json";
        var temporaryPath = Path.Combine(Directory, "." + name + ".tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, PrivateFile.CreateNew(asynchronous: false)))
            {
                JsonSerializer.Serialize(stream, new PickupFile(message.Email, message.Code, message.ExpiresAt), Json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, Path.Combine(Directory, name));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No half-written code left behind for the sending task (or a full disk) to trip over.
            File.Delete(temporaryPath);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, EventId = 2004, EventName = "ResetCodeNotWritten", Message = "A reset code could not be written to the pickup folder {Folder}; it was not handed over.")]
    private static partial void LogNotWritten(ILogger logger, Exception exception, string folder);

    private sealed record PickupFile(string Email, string Code, DateTimeOffset ExpiresAt);
}
