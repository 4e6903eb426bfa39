namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>Refused reset completions from one client address in <c>reset_refusals</c> (<c>_id</c> = the address).</summary>
internal sealed class ResetRefusalDocument
{
    public required string Client { get; init; }

    public required int Refusals { get; init; }

    /// <summary>The end of the address's window; the TTL index removes the document after it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
