namespace Ludmin.Application.Users.ImportUsers;

/// <summary>
/// One user to import, the fields as sent: each row is judged on its own
/// (<see cref="UserImport"/>), so one bad row never fails the others.
/// </summary>
/// <param name="EmailVerified">Whether the other system had verified the address; none is false.</param>
/// <param name="PasswordHash">The other system's hash; none makes a user who can only get in through a password reset.</param>
/// <param name="CreatedAt">When the other system created the user (RFC 3339); none is now.</param>
public sealed record ImportUserEntry(string? FullName, string? Email, bool? EmailVerified, string? PasswordHash, string? CreatedAt)
{
    /// <summary>Never the hash: a log of the entry must not carry it.</summary>
    public override string ToString() => $"ImportUserEntry({Email})";
}
