using Ludmin.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>Reset codes' lifetime, attempts and length (<c>Ludmin:ResetCodes</c>), checked at start.</summary>
internal sealed class ResetCodeOptionsValidation : IValidateOptions<ResetCodeOptions>
{
    public ValidateOptionsResult Validate(string? name, ResetCodeOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(ResetCodeOptions o)
    {
        if (!(o.Lifetime > TimeSpan.Zero && o.MaxAttempts >= 1 && o.MaxAttemptsPerAddress >= 1 && o.Digits is >= 4 and <= 12))
        {
            yield return "Ludmin:ResetCodes: Lifetime must be positive, MaxAttempts and MaxAttemptsPerAddress at least 1, Digits 4 to 12.";
        }
    }
}
