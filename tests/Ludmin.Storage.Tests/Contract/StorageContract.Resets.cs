using Ludmin.Domain.Common;
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

    [Test]
    public async Task TryComplete_SpendsTheCodeAndSavesTheNewPasswordTogether()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var reset = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        var resetting = await ReadAsync(user.Id);
        resetting.ResetPassword(Users.Hash("after the reset"), Later);

        Assert.That(await ResetStore.TryCompleteAsync(reset, resetting, CancellationToken.None), Is.True);

        Assert.That(await ResetStore.FindAsync(user.Id, CancellationToken.None), Is.Null);
        Assert.That((await ReadAsync(user.Id)).PasswordHash, Is.EqualTo(Users.Hash("after the reset")));
    }

    [Test]
    public async Task TryComplete_WhenSavingThePasswordFails_KeepsTheCodeForAnotherTry()
    {
        // The fault between spending the code and saving the password: the user changed since
        // the read, so the save is refused. The code must still be there, and still work.
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var reset = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        var stale = await ReadAsync(user.Id);
        var rename = await ReadAsync(user.Id);
        rename.Rename(FullName.Create("Ann Other"), Later);
        await UserStore.UpdateAsync(rename, CancellationToken.None);
        stale.ResetPassword(Users.Hash("after the reset"), Later);

        Assert.ThrowsAsync<ConcurrencyException>(() => ResetStore.TryCompleteAsync(reset, stale, CancellationToken.None));

        Assert.That((await ResetStore.FindAsync(user.Id, CancellationToken.None))?.CodeHash, Is.EqualTo("code"), "the code is not spent");
        Assert.That((await ReadAsync(user.Id)).PasswordHash, Is.EqualTo(user.PasswordHash));
        var fresh = await ReadAsync(user.Id);
        fresh.ResetPassword(Users.Hash("after the reset"), Later);
        Assert.That(await ResetStore.TryCompleteAsync(reset, fresh, CancellationToken.None), Is.True, "the same code completes the reset");
        Assert.That((await ReadAsync(user.Id)).PasswordHash, Is.EqualTo(Users.Hash("after the reset")));
    }

    [Test]
    public async Task TryComplete_WhenTheCodeWasSpentFirst_SavesNothing()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var reset = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        Assert.That(await ResetStore.TryConsumeAsync(reset, CancellationToken.None), Is.True);
        var resetting = await ReadAsync(user.Id);
        resetting.ResetPassword(Users.Hash("after the reset"), Later);

        Assert.That(await ResetStore.TryCompleteAsync(reset, resetting, CancellationToken.None), Is.False);

        Assert.That((await ReadAsync(user.Id)).PasswordHash, Is.EqualTo(user.PasswordHash));
    }

    [Test]
    public async Task ResetCodes_SealedCode_RoundTripsAndAReplacementReplacesIt()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "hash-1", Users.Epoch, TimeSpan.FromMinutes(15), "sealed-1"), CancellationToken.None);
        Assert.That((await ResetStore.FindAsync(user.Id, CancellationToken.None))?.SealedCode, Is.EqualTo("sealed-1"));

        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "hash-2", Users.Epoch, TimeSpan.FromMinutes(15), "sealed-2"), CancellationToken.None);

        Assert.That((await ResetStore.FindAsync(user.Id, CancellationToken.None))?.SealedCode, Is.EqualTo("sealed-2"));
    }

    [Test]
    public async Task Refusals_WhenNoneWereRecorded_CountZero() =>
        Assert.That(await ResetStore.CountRefusalsAsync(UniqueClient(), Users.Epoch, CancellationToken.None), Is.Zero);

    [Test]
    public async Task Refusals_RecordedWithinTheWindow_AreCountedPerClientAddress()
    {
        var client = UniqueClient();
        var other = UniqueClient();
        for (var i = 0; i < 3; i++)
        {
            await ResetStore.RecordRefusalAsync(client, null, Users.Epoch.AddMinutes(i), Window, CancellationToken.None);
        }

        await ResetStore.RecordRefusalAsync(other, null, Users.Epoch, Window, CancellationToken.None);

        Assert.That(await ResetStore.CountRefusalsAsync(client, Users.Epoch.AddMinutes(14), CancellationToken.None), Is.EqualTo(3));
        Assert.That(await ResetStore.CountRefusalsAsync(other, Users.Epoch.AddMinutes(14), CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public async Task Refusals_AfterTheWindowFromTheFirst_AreForgottenAndCountAfresh()
    {
        var client = UniqueClient();
        await ResetStore.RecordRefusalAsync(client, null, Users.Epoch, Window, CancellationToken.None);
        await ResetStore.RecordRefusalAsync(client, null, Users.Epoch.AddMinutes(10), Window, CancellationToken.None);

        Assert.That(await ResetStore.CountRefusalsAsync(client, Users.Epoch.Add(Window), CancellationToken.None), Is.Zero, "the window runs from the first refusal");

        await ResetStore.RecordRefusalAsync(client, null, Users.Epoch.Add(Window).AddMinutes(1), Window, CancellationToken.None);
        Assert.That(await ResetStore.CountRefusalsAsync(client, Users.Epoch.Add(Window).AddMinutes(2), CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public async Task Refusals_WithAGuessedCode_CountAWrongTryOnThatCodeOnly()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var read = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;

        // Racing tries from one read are all counted: no version conflict loses one.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ResetStore.RecordRefusalAsync(UniqueClient(), read, Users.Epoch, Window, CancellationToken.None)));

        var stored = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        Assert.That(stored.FailedAttempts, Is.EqualTo(4));
        Assert.That(await ResetStore.TryConsumeAsync(read, CancellationToken.None), Is.False, "a read from before the tries cannot consume the code");
    }

    [Test]
    public async Task Refusals_WithAGuessedCodeThatWasReplaced_LeaveTheNewCodeUncounted()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "old", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var old = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "new", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);

        await ResetStore.RecordRefusalAsync(UniqueClient(), old, Users.Epoch, Window, CancellationToken.None);

        Assert.That((await ResetStore.FindAsync(user.Id, CancellationToken.None))!.FailedAttempts, Is.Zero);
    }

    [Test]
    public async Task DeleteExpired_RemovesRefusalsWhoseWindowEnded()
    {
        var ended = UniqueClient();
        var open = UniqueClient();
        await ResetStore.RecordRefusalAsync(ended, null, Users.Epoch, TimeSpan.FromMinutes(5), CancellationToken.None);
        await ResetStore.RecordRefusalAsync(open, null, Users.Epoch, TimeSpan.FromMinutes(30), CancellationToken.None);

        await ResetStore.DeleteExpiredAsync(Users.Epoch.AddMinutes(10), CancellationToken.None);

        Assert.That(await ResetStore.CountRefusalsAsync(open, Users.Epoch.AddMinutes(10), CancellationToken.None), Is.EqualTo(1));
        await ResetStore.RecordRefusalAsync(ended, null, Users.Epoch.AddMinutes(11), TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.That(await ResetStore.CountRefusalsAsync(ended, Users.Epoch.AddMinutes(11), CancellationToken.None), Is.EqualTo(1));
    }

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static string UniqueClient() => $"192.0.2.{Random.Shared.Next(1, 255)}-{Guid.NewGuid():N}";
}
