using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>
/// <c>Ludmin:Tokens:RefreshReuseGrace</c> against the configured store's deadline: a refresh whose
/// rotation committed but answered 503 (the deadline passed, the answer was lost) comes back after
/// that deadline and a retry, and must still find itself within the grace, or the user's own retry
/// is taken for a stolen token's reuse and ends the session.
/// </summary>
internal sealed class RefreshReuseGraceValidation(IOptions<StorageOptions> storage) : IValidateOptions<TokenOptions>
{
    /// <summary>What a client's retry needs beyond the store's deadline: the Retry-After wait and the request itself.</summary>
    public static readonly TimeSpan RetryMargin = TimeSpan.FromSeconds(5);

    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        var deadline = StoreDeadline.Of(storage.Value);
        var least = deadline.Value + RetryMargin;
        return options.RefreshReuseGrace >= least
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Ludmin:Tokens:RefreshReuseGrace ({options.RefreshReuseGrace:c}) must be at least {deadline.Setting} ({deadline.Value:c}) plus 5 s, "
                + $"{least:c}: a refresh whose rotation was stored but answered 503 is retried after that long, and a retry past the grace ends the session as reused.");
    }
}
