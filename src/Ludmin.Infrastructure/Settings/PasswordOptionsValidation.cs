using Ludmin.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>The password policy's bounds (<c>Ludmin:Passwords</c>), checked at start.</summary>
internal sealed class PasswordOptionsValidation : IValidateOptions<PasswordOptions>
{
    public ValidateOptionsResult Validate(string? name, PasswordOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(PasswordOptions o)
    {
        if (!(o.MinLength >= 1 && o.MaxLength >= o.MinLength && o.MaxLength <= 4096))
        {
            yield return "Ludmin:Passwords: MinLength must be at least 1 and at most MaxLength (at most 4096).";
        }
    }
}
