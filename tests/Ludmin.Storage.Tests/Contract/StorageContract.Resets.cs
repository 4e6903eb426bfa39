using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>
/// Reset codes beside the credentials they reset: a code asked for before the address or the
/// password changed is gone with that change, in the same save.
/// </summary>
public abstract partial class StorageContract
{
    [Test]
    public async Task Update_WhenTheAddressChanges_RemovesThePendingResetCode()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code-for-the-old-address", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var changed = await ReadAsync(user.Id);
        changed.ChangeEmail(EmailAddress.Create(Users.UniqueEmail("moved")), Later);

        await UserStore.UpdateAsync(changed, CancellationToken.None);

        Assert.That(await ResetStore.FindAsync(user.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Update_WhenThePasswordChanges_RemovesThePendingResetCode()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code-for-the-old-password", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var changed = await ReadAsync(user.Id);
        changed.ChangePassword(Users.Hash("second"), keepDevice: null, Later);

        await UserStore.UpdateAsync(changed, CancellationToken.None);

        Assert.That(await ResetStore.FindAsync(user.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Update_WhenOnlyTheNameChanges_KeepsThePendingResetCode()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code-kept", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var renamed = await ReadAsync(user.Id);
        renamed.Rename(FullName.Create("Ann Other"), Later);

        await UserStore.UpdateAsync(renamed, CancellationToken.None);

        Assert.That((await ResetStore.FindAsync(user.Id, CancellationToken.None))?.CodeHash, Is.EqualTo("code-kept"));
    }
}
