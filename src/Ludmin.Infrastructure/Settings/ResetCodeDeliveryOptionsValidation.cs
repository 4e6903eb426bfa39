using Ludmin.Infrastructure.ResetCodes;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>Where reset codes go and the SMTP sender's settings (<c>Ludmin:ResetCodes</c>), checked at start.</summary>
internal sealed class ResetCodeDeliveryOptionsValidation : IValidateOptions<ResetCodeDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, ResetCodeDeliveryOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(ResetCodeDeliveryOptions o)
    {
        if (o.Delivery == ResetCodeDeliveryKind.Smtp && (string.IsNullOrWhiteSpace(o.Smtp.Host) || string.IsNullOrWhiteSpace(o.Smtp.From)))
        {
            yield return "Ludmin:ResetCodes:Delivery is Smtp, but Ludmin:ResetCodes:Smtp:Host or From is not set.";
        }

        var smtp = o.Smtp;
        if (!(smtp.Port is > 0 and <= 65535 && smtp.PollInterval > TimeSpan.Zero && smtp.RetryDelay > TimeSpan.Zero && smtp.MaxRetryDelay >= smtp.RetryDelay && smtp.Timeout > TimeSpan.Zero))
        {
            yield return "Ludmin:ResetCodes:Smtp: Port 1 to 65535, PollInterval, RetryDelay and Timeout positive, MaxRetryDelay at least RetryDelay.";
        }

        if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
        {
            yield return "Ludmin:ResetCodes:Smtp: set Username and Password both, or neither.";
        }
    }
}
