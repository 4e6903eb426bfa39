using System.Security.Claims;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Claims;
using Ludmin.Domain.Users;

namespace Ludmin.Api.Authentication;

internal static class CallerExtensions
{
    /// <summary>
    /// The caller of an authenticated request, as its token says (the token's claims were checked
    /// on the way in), and the client address it came from.
    /// </summary>
    public static Caller ToCaller(this HttpContext context) =>
        FromToken(context.User) with { ClientAddress = context.ClientAddress() };

    /// <summary>
    /// Where the request came from, as the security log names it. Behind a proxy, configure
    /// forwarded headers so this is the client's. An IPv4 client on a dual-stack socket arrives
    /// as <c>::ffff:a.b.c.d</c>; it is logged as <c>a.b.c.d</c>.
    /// </summary>
    public static string ClientAddress(this HttpContext context) =>
        context.Connection.RemoteIpAddress is not { } address ? Caller.LocalAddress
        : address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString()
        : address.ToString();

    private static Caller FromToken(ClaimsPrincipal principal)
    {
        var deviceId = DeviceId.Parse(principal.FindFirstValue(LudminClaims.DeviceId)!);
        var subject = principal.FindFirstValue(LudminClaims.Subject);
        if (subject is null)
        {
            return Caller.Public(deviceId);
        }

        return Caller.ForUser(
            deviceId,
            UserId.Parse(subject),
            principal.HasClaim(LudminClaims.Allowed, LudminClaims.MasterGrant),
            SessionId.Parse(principal.FindFirstValue(LudminClaims.Session)!),
            Generation(principal));
    }

    /// <summary>The session generation the token carries; a token from before rotation has none and is of the first.</summary>
    private static long Generation(ClaimsPrincipal principal) =>
        principal.FindFirstValue(LudminClaims.Generation) is { } value
            ? long.Parse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture)
            : LinkedDevice.FirstGeneration;
}
