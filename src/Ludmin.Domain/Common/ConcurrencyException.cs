namespace Ludmin.Domain.Common;

/// <summary>The stored version moved on since the aggregate was read: somebody else saved first.</summary>
public sealed class ConcurrencyException(string aggregate, string id)
    : DomainException(Errors.ConcurrentUpdate, $"The {aggregate} was changed by another request; retry.")
{
    public string Aggregate { get; } = aggregate;
    public string Id { get; } = id;
}
