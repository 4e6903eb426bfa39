using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>What SQLite's foreign keys add to closing an account: nothing can be stored for a user that is gone.</summary>
public sealed class SqliteUserDeletionTests
{
    [Test]
    public async Task ResetCodeReplace_WhenTheUserWasDeletedSinceTheRead_IsUserNotFoundAndStoresNothing()
    {
        await using var store = await TemporarySqliteStore.CreateAsync();
        var user = Users.New();
        await store.Users.AddAsync(user, CancellationToken.None);
        await store.Users.DeleteAsync(user.Id, CancellationToken.None);

        var error = Assert.ThrowsAsync<DomainException>(() =>
            store.Resets.ReplaceAsync(PasswordReset.Issue(user.Id, "late-code", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.UserNotFound));
        Assert.That(await store.Resets.FindAsync(user.Id, CancellationToken.None), Is.Null);
    }
}
