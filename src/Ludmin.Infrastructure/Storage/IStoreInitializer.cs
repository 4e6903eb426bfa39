namespace Ludmin.Infrastructure.Storage;

/// <summary>Creates or migrates the store's schema and indexes; safe to run on every start.</summary>
public interface IStoreInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
