namespace Ludmin.Application.Common.Models;

/// <summary>A device the user is logged in on.</summary>
public sealed record UserDevice(string DeviceId, string Description, DateTimeOffset FirstSeen, DateTimeOffset LastUsed);
