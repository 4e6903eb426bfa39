namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>A store call that did not finish within <c>Ludmin:Storage:Mongo:OperationTimeout</c>.</summary>
internal sealed class MongoOperationTimeoutException(TimeSpan timeout)
    : TimeoutException($"The MongoDB operation did not finish within {timeout.TotalSeconds:0.###} s (Ludmin:Storage:Mongo:OperationTimeout).");
