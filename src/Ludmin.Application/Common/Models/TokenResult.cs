namespace Ludmin.Application.Common.Models;

/// <summary>A token and what a client needs to use it.</summary>
/// <param name="Token">The JWT, sent back as <c>Authorization: Bearer &lt;token&gt;</c>.</param>
/// <param name="DeviceId">The device the token is bound to (32 hex digits).</param>
/// <param name="UserId">The user, for user tokens; absent for public tokens.</param>
/// <param name="Type"><c>public</c>, <c>login</c> or <c>refresh</c>.</param>
/// <param name="ExpiresAt">When the token stops being accepted (refresh within the refresh window).</param>
public sealed record TokenResult(string Token, string DeviceId, string? UserId, string Type, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"TokenResult({Type}, device {DeviceId}, expires {ExpiresAt:O})";
}
