namespace Ludmin.Application.Common.Models;

/// <summary>The full profile, shown to the user and to masters. It never holds a password hash.</summary>
public sealed record UserProfile(
    string Id,
    string FullName,
    string CurrentEmail,
    IReadOnlyList<UserEmailEntry> Emails,
    IReadOnlyList<UserDevice> Devices,
    bool IsMaster,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>How many passkeys the user has registered (<c>GET /users/me/passkeys</c> lists them).</summary>
    public int PasskeyCount { get; init; }
}
