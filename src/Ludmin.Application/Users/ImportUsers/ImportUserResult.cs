namespace Ludmin.Application.Users.ImportUsers;

/// <summary>What became of one user of an import, in the order sent.</summary>
/// <param name="Email">The address as sent.</param>
/// <param name="Status"><c>created</c>; <c>exists</c> (the address is somebody's, now or in the past: nothing changed); or <c>invalid</c>.</param>
/// <param name="UserId">The new user's id, with <c>created</c>.</param>
/// <param name="Code">Why the user is <c>invalid</c>: <c>email_invalid</c>, <c>full_name_invalid</c>, <c>hash_unsupported</c>, <c>hash_too_costly</c> or <c>created_at_invalid</c>.</param>
/// <param name="Field">The field the <c>code</c> is about, with <c>invalid</c>.</param>
public sealed record ImportUserResult(string Email, string Status, string? UserId = null, string? Code = null, string? Field = null)
{
    public const string Created = "created";
    public const string Exists = "exists";
    public const string Invalid = "invalid";
}
