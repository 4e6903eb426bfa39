namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>The pickup folder sorted: the codes still to send, oldest first, and how many files were set aside.</summary>
internal sealed record SortedPickupFolder(IReadOnlyList<DuePickupFile> Due, int Expired, int Invalid);
