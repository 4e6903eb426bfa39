namespace Ludmin.Infrastructure.Storage.Checking;

/// <summary>What <c>check-store</c> found, line by line; it holds when no line failed (warnings allowed).</summary>
public sealed record StoreCheckReport(string Store, IReadOnlyList<StoreCheckItem> Items)
{
    public bool Holds => Items.All(i => i.Status != StoreCheckStatus.Failed);

    public int Count(StoreCheckStatus status) => Items.Count(i => i.Status == status);
}
