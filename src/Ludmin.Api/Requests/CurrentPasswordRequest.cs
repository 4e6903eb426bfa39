namespace Ludmin.Api.Requests;

/// <summary>The caller's own password, which a change to the account's second factors needs.</summary>
/// <param name="CurrentPassword">The caller's current password.</param>
public sealed record CurrentPasswordRequest(string? CurrentPassword)
{
    public override string ToString() => "CurrentPasswordRequest";
}
