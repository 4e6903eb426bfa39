using System.Text.Json;
using Ludmin.Application.Common.Ports;
using Ludmin.Infrastructure.Files;

namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>
/// Writes each code as one JSON file (<c>email</c>, <c>code</c>, <c>expires_at</c>) for the task
/// that sends them. The file appears complete or not at all (written aside, then renamed), and
/// only the service's own user may read it.
/// </summary>
internal sealed class PickupDirectoryResetCodeDelivery(string directory) : IResetCodeDelivery
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Directory { get; } = directory;

    public async ValueTask DeliverAsync(ResetCodeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{message.ExpiresAt:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.json";
        var finalPath = Path.Combine(Directory, name);
        var temporaryPath = Path.Combine(Directory, "." + name + ".tmp");
        var payload = new PickupFile(message.Email, message.Code, message.ExpiresAt);
        await using (var stream = new FileStream(temporaryPath, PrivateFile.CreateNew(asynchronous: true)))
        {
            await JsonSerializer.SerializeAsync(stream, payload, Json, cancellationToken);
        }

        File.Move(temporaryPath, finalPath);
    }

    private sealed record PickupFile(string Email, string Code, DateTimeOffset ExpiresAt);
}
