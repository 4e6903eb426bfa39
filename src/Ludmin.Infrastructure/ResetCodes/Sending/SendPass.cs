namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>What one look at the pickup folder did. <see cref="Failed"/>: the server could not take them; the files stay.</summary>
public sealed record SendPass(int Sent, int Expired, int Invalid, int Remaining, bool Failed);
