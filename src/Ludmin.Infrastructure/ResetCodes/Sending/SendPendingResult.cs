namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>
/// What one <see cref="ResetCodeSender.SendPendingAsync"/> did with the pickup folder.
/// <see cref="Failed"/>: the server could not take the codes; <see cref="Remaining"/> files stay for the next try.
/// </summary>
public sealed record SendPendingResult(int Sent, int Expired, int Invalid, int Remaining, bool Failed);
