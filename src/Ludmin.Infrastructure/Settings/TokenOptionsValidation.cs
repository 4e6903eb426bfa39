using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>
/// Token lifetimes and names (<c>Ludmin:Tokens</c>), checked at start; the keys are checked where
/// they are read (<see cref="TokenKeys"/>). The refresh grace is checked against the configured
/// store's deadline (<see cref="StoreDeadline"/>): a refresh whose rotation was stored but
/// answered 503 comes back after that deadline and a retry, and must still be within the grace,
/// or the owner's own retry is taken for a stolen token's reuse and ends the session.
/// </summary>
internal sealed class TokenOptionsValidation(IOptions<StorageOptions> storage) : IValidateOptions<TokenOptions>
{
    /// <summary>What a client's retry needs beyond the store's deadline: the Retry-After wait and the request itself.</summary>
    public static readonly TimeSpan RetryMargin = TimeSpan.FromSeconds(5);

    public ValidateOptionsResult Validate(string? name, TokenOptions options) => OptionsFailures.From(Failures(options, StoreDeadline.Of(storage.Value)));

    private static IEnumerable<string> Failures(TokenOptions o, StoreDeadline deadline)
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
        else if (o.RefreshReuseGrace < deadline.Value + RetryMargin)
        {
            yield return $"Ludmin:Tokens:RefreshReuseGrace ({o.RefreshReuseGrace:c}) must be at least {deadline.Setting} ({deadline.Value:c}) plus 5 s, "
                + $"{deadline.Value + RetryMargin:c}: a refresh whose rotation was stored but answered 503 is retried after that long, and a retry past the grace ends the session as reused.";
        }
    }
}
