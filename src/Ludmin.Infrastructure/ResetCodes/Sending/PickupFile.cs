namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>One pickup file as <see cref="PickupDirectoryResetCodeDelivery"/> writes it.</summary>
internal sealed record PickupFile(string Email, string Code, DateTimeOffset ExpiresAt);
