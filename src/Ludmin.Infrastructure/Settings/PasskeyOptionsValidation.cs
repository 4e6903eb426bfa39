using Ludmin.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>
/// The relying party (<c>Ludmin:Passkeys</c>), checked at start: a bare domain, and origins that
/// are exact (scheme, host, port; no path), https but for localhost, on that domain or under it,
/// as WebAuthn requires. None configured is no failure: passkeys are then off.
/// </summary>
internal sealed class PasskeyOptionsValidation : IValidateOptions<PasskeyOptions>
{
    public ValidateOptionsResult Validate(string? name, PasskeyOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(PasskeyOptions o)
    {
        var rp = o.RelyingPartyId?.Trim();
        var origins = o.Origins.Where(x => !string.IsNullOrWhiteSpace(x)).ToList();
        if (string.IsNullOrEmpty(rp))
        {
            if (origins.Count > 0)
            {
                yield return "Ludmin:Passkeys: Origins are set but RelyingPartyId is not (a domain such as example.com).";
            }

            yield break;
        }

        if (Uri.CheckHostName(rp) != UriHostNameType.Dns || rp.Contains(':', StringComparison.Ordinal))
        {
            yield return $"Ludmin:Passkeys: RelyingPartyId must be a domain such as example.com, not '{rp}'.";
            yield break;
        }

        if (string.IsNullOrWhiteSpace(o.RelyingPartyName) || o.RelyingPartyName.Length > 64)
        {
            yield return "Ludmin:Passkeys: RelyingPartyName must be 1 to 64 characters.";
        }

        foreach (var origin in origins)
        {
            if (!IsOriginOf(origin.Trim().TrimEnd('/'), rp))
            {
                yield return $"Ludmin:Passkeys: the origin '{origin}' must be https (or http on localhost), with no path, on {rp} or a subdomain of it.";
            }
        }
    }

    private static bool IsOriginOf(string origin, string rp) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && (string.Equals(uri.Host, rp, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + rp, StringComparison.OrdinalIgnoreCase));
}
