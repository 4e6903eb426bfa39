using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Models;

/// <summary>A token and what a client needs to use it.</summary>
/// <param name="Token">The JWT, sent back as <c>Authorization: Bearer &lt;token&gt;</c>.</param>
/// <param name="DeviceId">The device the token is bound to (32 hex digits).</param>
/// <param name="UserId">The user, for user tokens; absent for public tokens.</param>
/// <param name="Type"><c>public</c>, <c>login</c>, <c>refresh</c> or <c>second_factor</c>.</param>
/// <param name="ExpiresAt">When the token stops being accepted (refresh within the refresh window).</param>
public sealed record TokenResult(string Token, string DeviceId, string? UserId, string Type, DateTimeOffset ExpiresAt)
{
    /// <summary>For <c>second_factor</c>: what the second step accepts (<c>totp</c>, <c>recovery_code</c>); absent otherwise.</summary>
    public IReadOnlyList<string>? Factors { get; init; }

    /// <summary>
    /// The answer to a right password on an account with a second factor: a token good only for
    /// <c>POST /tokens/second-factor</c>, and the factors that step accepts. No user id: nothing is linked yet.
    /// </summary>
    public static TokenResult SecondFactor(IssuedToken token, DeviceId device, IEnumerable<string> factors) =>
        new(token.Token, device.Value, null, TokenKind.SecondFactor, token.ExpiresAt) { Factors = [.. factors] };

    /// <summary>A public token of a device: no user.</summary>
    public static TokenResult Public(IssuedToken token, DeviceId device) => new(token.Token, device.Value, null, TokenKind.Public, token.ExpiresAt);

    /// <summary>The user token a login gives.</summary>
    public static TokenResult Login(IssuedToken token, DeviceId device, UserId user) => ForUser(token, device, user, TokenKind.Login);

    /// <summary>The user token a refresh gives while the device's session lives.</summary>
    public static TokenResult Refresh(IssuedToken token, DeviceId device, UserId user) => ForUser(token, device, user, TokenKind.Refresh);

    private static TokenResult ForUser(IssuedToken token, DeviceId device, UserId user, string kind) => new(token.Token, device.Value, user.Value, kind, token.ExpiresAt);

    public override string ToString() => $"TokenResult({Type}, device {DeviceId}, expires {ExpiresAt:O})";
}
