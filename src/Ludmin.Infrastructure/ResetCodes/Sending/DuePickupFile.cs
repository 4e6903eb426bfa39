namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>A pickup file whose code has not expired: to be mailed, then removed from <see cref="Path"/>.</summary>
internal sealed record DuePickupFile(string Path, PickupFile File);
