using Ludmin.Infrastructure.SecondFactor;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>
/// The second factor's key and issuer (<c>Ludmin:SecondFactor</c>), checked at start. A missing key
/// is the business of <see cref="SecondFactorKey.Resolve"/>, which knows whether Development may make one.
/// </summary>
internal sealed class SecondFactorOptionsValidation : IValidateOptions<SecondFactorOptions>
{
    public ValidateOptionsResult Validate(string? name, SecondFactorOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(SecondFactorOptions o)
    {
        if (!string.IsNullOrWhiteSpace(o.EncryptionKey) && !SecondFactorKey.TryParse(o.EncryptionKey, out _))
        {
            yield return $"Ludmin:SecondFactor:EncryptionKey must be {SecondFactorOptions.KeyBytes} bytes in base64 (for example from `openssl rand -base64 32`).";
        }

        // The issuer opens the otpauth label (issuer:account), so it cannot hold the colon that ends it.
        if (string.IsNullOrWhiteSpace(o.Issuer) || o.Issuer.Length > 64 || o.Issuer.Contains(':', StringComparison.Ordinal))
        {
            yield return "Ludmin:SecondFactor:Issuer must be 1 to 64 characters without ':' (default Ludmin).";
        }
    }
}
