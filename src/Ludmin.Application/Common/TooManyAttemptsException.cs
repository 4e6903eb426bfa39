namespace Ludmin.Application.Common;

/// <summary>
/// An account's own slow-down refused a check for now (429 <c>rate_limited</c>): past the free
/// wrong tries, <see cref="RetryAfter"/> is the wait the slow-down set (the Retry-After header).
/// </summary>
public sealed class TooManyAttemptsException(TimeSpan retryAfter, string detail) : Exception(detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
