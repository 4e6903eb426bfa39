namespace Ludmin.Application.Common.Models;

/// <summary>A stored passkey as its owner sees it: never its key or credential id.</summary>
/// <param name="Id">The passkey's id in Ludmin's paths (32 hex digits).</param>
/// <param name="Name">What the user calls it.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="LastUsed">The last sign-in with it; null until the first.</param>
/// <param name="BackupEligible">Whether the authenticator may sync it to other devices (a synced passkey).</param>
/// <param name="BackedUp">Whether it was synced at its last use.</param>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsed, bool BackupEligible, bool BackedUp);
