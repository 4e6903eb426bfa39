namespace Ludmin.Api.Requests;

/// <summary>One user to import.</summary>
/// <param name="FullName">The name other users see (1 to 100 characters).</param>
/// <param name="Email">The user's address; one that anybody holds or held is answered <c>exists</c>.</param>
/// <param name="EmailVerified">Whether the other system verified the address; none or false imports it unverified.</param>
/// <param name="PasswordHash">
/// The other system's hash: bcrypt (<c>$2a$</c>, <c>$2b$</c>, <c>$2y$</c>), Argon2 PHC strings,
/// ASP.NET Core Identity v2 and v3, passlib's PBKDF2 and scrypt, Django's PBKDF2. Verified at the
/// user's next login and then replaced by a hash of Ludmin's own; never returned. None: the user can only get in
/// through a password reset.
/// </param>
/// <param name="CreatedAt">When the other system created the user, RFC 3339 with an offset (<c>2021-03-04T05:06:07Z</c>), not in the future; none is now.</param>
public sealed record ImportUserRequest(string? FullName, string? Email, bool? EmailVerified, string? PasswordHash, string? CreatedAt)
{
    public override string ToString() => $"ImportUserRequest({Email})";
}
