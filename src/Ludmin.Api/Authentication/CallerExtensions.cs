using System.Security.Claims;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Claims;
using Ludmin.Domain.SecondFactors;
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

        if (principal.HasClaim(LudminClaims.Allowed, LudminClaims.SecondFactorGrant))
        {
            // Only the second step takes this token, and reads it with ToSecondFactorStep: anywhere else it is nobody's.
            return Caller.Public(deviceId);
        }

        TryReadAssurance(principal.Claims, out var assurance);
        return Caller.ForUser(
            deviceId,
            UserId.Parse(subject),
            principal.HasClaim(LudminClaims.Allowed, LudminClaims.MasterGrant),
            SessionId.Parse(principal.FindFirstValue(LudminClaims.Session)!),
            Generation(principal)) with { Assurance = assurance };
    }

    /// <summary>The caller of the second step of a login, with the user and the step its token names (checked on the way in).</summary>
    public static (Caller Caller, UserId UserId, string ChallengeId) ToSecondFactorStep(this HttpContext context) =>
        (context.ToCaller(),
         UserId.Parse(context.User.FindFirstValue(LudminClaims.Subject)!),
         context.User.FindFirstValue(LudminClaims.TokenId) ?? string.Empty);

    /// <summary>
    /// The assurance a user token's <c>aal</c> and <c>amr</c> name: a password alone when it has
    /// neither (tokens from before second factors); false for anything a login cannot have made.
    /// </summary>
    public static bool TryReadAssurance(IEnumerable<Claim> claims, out Assurance assurance)
    {
        var list = claims.ToList();
        var level = list.Find(c => c.Type == LudminClaims.AssuranceLevel)?.Value;
        var methods = list.Where(c => c.Type == LudminClaims.Methods).Select(c => c.Value).ToList();
        assurance = Assurance.PasswordOnly;
        if (level is null && methods.Count == 0)
        {
            return true;
        }

        if (int.TryParse(level, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && Assurance.TryRestore(number, methods, out var restored))
        {
            assurance = restored!;
            return true;
        }

        return false;
    }

    /// <summary>The session generation the token carries; a token from before rotation has none and is of the first.</summary>
    private static long Generation(ClaimsPrincipal principal) =>
        principal.FindFirstValue(LudminClaims.Generation) is { } value
            ? long.Parse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture)
            : LinkedDevice.FirstGeneration;
}
