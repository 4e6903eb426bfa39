using Ludmin.Infrastructure.Passwords;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>Argon2's cost and the hashing lanes and queue (<c>Ludmin:Passwords</c>), checked at start.</summary>
internal sealed class PasswordHashingOptionsValidation : IValidateOptions<PasswordHashingOptions>
{
    public ValidateOptionsResult Validate(string? name, PasswordHashingOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(PasswordHashingOptions o)
    {
        if (!(o.Argon2.MemoryKiB >= 8 * o.Argon2.Parallelism && o.Argon2.Iterations >= 1 && o.Argon2.Parallelism >= 1))
        {
            yield return "Ludmin:Passwords:Argon2: MemoryKiB must be at least 8 x Parallelism, Iterations and Parallelism at least 1.";
        }

        if (!(o.MaxConcurrentHashes >= 1 && o.HashQueueLength >= 0))
        {
            yield return "Ludmin:Passwords: MaxConcurrentHashes must be at least 1 and HashQueueLength not negative.";
        }

        if (!(o.MaxHashWait > TimeSpan.Zero))
        {
            yield return "Ludmin:Passwords:MaxHashWait must be positive (for example 00:00:02).";
        }

        if (!Enum.IsDefined(o.Argon2.Engine))
        {
            yield return "Ludmin:Passwords:Argon2:Engine must be Auto, Native or Managed.";
        }
    }
}
