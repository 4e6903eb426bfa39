namespace Ludmin.Application.Users.ImportUsers;

/// <summary>
/// What became of one row of an import: <c>created</c> (with its <see cref="UserId"/>),
/// <c>exists</c> (the address is somebody's, now or in the past: nothing changed) or
/// <c>invalid</c> (with the <see cref="Code"/> and the <see cref="Field"/> it is about).
/// </summary>
public sealed record ImportUserResult(string Email, string Status, string? UserId = null, string? Code = null, string? Field = null)
{
    public const string Created = "created";
    public const string Exists = "exists";
    public const string Invalid = "invalid";
}
