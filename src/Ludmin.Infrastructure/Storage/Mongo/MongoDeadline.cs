using Ludmin.Domain.Common;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The one deadline of every store call, <see cref="Timeout"/>. The driver honours the token it
/// is given in server selection, the pool's wait queue and socket reads, where it closes the
/// connection, so a silent server costs one deadline, not a pool slot for ever.
/// </summary>
internal sealed class MongoDeadline(TimeSpan timeout, TimeProvider clock)
{
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>The operation with a token that ends at the deadline (or with the caller's).</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await operation(linked.Token);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is not DomainException)
        {
            // Cancelled by the deadline, however the driver reported it (cancelled, or a connection closed under it).
            throw new MongoOperationTimeoutException(Timeout);
        }
    }
}
