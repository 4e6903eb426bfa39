using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>Token lifetimes and names (<c>Ludmin:Tokens</c>), checked at start; the keys are checked where they are read (<see cref="TokenKeys"/>).</summary>
internal sealed class TokenOptionsValidation : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(TokenOptions o)
    {
        if (!(o.AccessTokenLifetime > TimeSpan.Zero && o.RefreshWindow >= TimeSpan.Zero && o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromMinutes(1)))
        {
            yield return "Ludmin:Tokens: AccessTokenLifetime must be positive, RefreshWindow not negative, ClockSkew 0 to 60 seconds.";
        }

        if (string.IsNullOrWhiteSpace(o.Issuer) || string.IsNullOrWhiteSpace(o.Audience))
        {
            yield return "Ludmin:Tokens: Issuer and Audience must be set.";
        }

        if (!string.IsNullOrWhiteSpace(o.PublicBaseUrl)
            && !(Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var root) && (root.Scheme == Uri.UriSchemeHttps || root.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(root.Query) && string.IsNullOrEmpty(root.Fragment)))
        {
            yield return "Ludmin:Tokens:PublicBaseUrl must be an absolute http or https address without query or fragment (for example https://auth.example.com).";
        }

        if (!(o.RefreshReuseGrace >= TimeSpan.Zero && o.RefreshReuseGrace <= TimeSpan.FromMinutes(5)))
        {
            yield return "Ludmin:Tokens:RefreshReuseGrace must be 0 to 5 minutes (default 00:00:30).";
        }
    }
}
