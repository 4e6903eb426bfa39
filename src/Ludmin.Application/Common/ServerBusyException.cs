using Ludmin.Domain.Common;

namespace Ludmin.Application.Common;

/// <summary>A bounded resource refused the request for now; <see cref="RetryAfter"/> is when trying again makes sense (the Retry-After header).</summary>
public sealed class ServerBusyException(TimeSpan retryAfter, string detail)
    : DomainException(Errors.ServerBusy, detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
