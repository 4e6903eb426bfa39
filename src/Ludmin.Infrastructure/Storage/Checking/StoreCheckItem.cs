namespace Ludmin.Infrastructure.Storage.Checking;

/// <summary>One line of a store check: what was checked, and what was found.</summary>
public sealed record StoreCheckItem(StoreCheckStatus Status, string Subject, string Detail)
{
    public static StoreCheckItem Ok(string subject, string detail) => new(StoreCheckStatus.Ok, subject, detail);

    public static StoreCheckItem Warning(string subject, string detail) => new(StoreCheckStatus.Warning, subject, detail);

    public static StoreCheckItem Failed(string subject, string detail) => new(StoreCheckStatus.Failed, subject, detail);
}
