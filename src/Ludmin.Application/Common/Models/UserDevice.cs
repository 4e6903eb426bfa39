namespace Ludmin.Application.Common.Models;

/// <summary>A device the user is logged in on.</summary>
/// <param name="Current">True for the device the caller's token is for, in the caller's own profile; false for every other device.</param>
public sealed record UserDevice(string DeviceId, string Description, DateTimeOffset FirstSeen, DateTimeOffset LastUsed, bool Current);
