namespace Ludmin.Application.Common.Models;

/// <summary>The full profile, shown to the user and to masters. It never holds a password hash, nor a factor's secret.</summary>
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
    /// <summary>The second factors in use (<c>totp</c>), empty for none; absent from the pages of <c>GET /users</c>, which do not read them.</summary>
    public IReadOnlyList<string>? SecondFactors { get; init; }

    /// <summary>How many recovery codes are still unused; absent where <see cref="SecondFactors"/> is.</summary>
    public int? RecoveryCodesLeft { get; init; }

    /// <summary>How many passkeys the user has registered (<c>GET /users/me/passkeys</c> lists them).</summary>
    public int PasskeyCount { get; init; }
}
