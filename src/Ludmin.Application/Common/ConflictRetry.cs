using Ludmin.Domain.Common;

namespace Ludmin.Application.Common;

/// <summary>
/// Re-runs a read-modify-save when another request saved the same aggregate first. Each attempt
/// reads afresh, so nothing the other request wrote is overwritten; after the last attempt
/// the conflict is reported to the client as <see cref="Errors.ConcurrentUpdate"/>. Between
/// attempts it waits a random few milliseconds (up to 2, 4, 8), so requests that collided do
/// not collide again in lockstep.
/// </summary>
internal static class ConflictRetry
{
    public const int MaxAttempts = 4;

    public static async Task<T> RunAsync<T>(Func<int, Task<T>> attempt)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number);
            }
            catch (ConcurrencyException) when (number < MaxAttempts)
            {
                // Somebody else saved in between: read again and re-apply, after a jittered pause.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * (1 << number)));
            }
        }
    }
}
