using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>Imported users: stored only where the address is free, their foreign hashes kept as they came, counted by format.</summary>
public abstract partial class StorageContract
{
    private const string Bcrypt = "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO";

    // An imported $argon2id$ hash: the same look as a hash of Ludmin's own, told apart only by how it is stored.
    private const string ForeignArgon2id = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

    [Test]
    public async Task Import_NewAddresses_StoresEachUserWithItsForeignHashAsItCame()
    {
        var bcrypt = Imported(PasswordHash.Imported("bcrypt", Bcrypt), verified: true);
        var argon2 = Imported(PasswordHash.Imported("argon2id", ForeignArgon2id));
        var none = Imported(PasswordHash.NoPassword);

        var stored = await UserStore.ImportAsync([bcrypt, argon2, none], CancellationToken.None);

        Assert.That(stored, Is.EqualTo(new[] { true, true, true }));
        foreach (var user in new[] { bcrypt, argon2, none })
        {
            var found = await UserStore.FindByEmailAsync(user.CurrentEmail, CancellationToken.None);
            UserAssert.SameState(found, user);
        }

        var argon2Found = await UserStore.FindByIdAsync(argon2.Id, CancellationToken.None);
        Assert.That(argon2Found!.PasswordHash.IsImported, Is.True, "an imported $argon2id$ hash stays marked as imported");
        Assert.That(argon2Found.PasswordHash.ImportedText, Is.EqualTo(ForeignArgon2id));
    }

    [Test]
    public async Task Import_AddressesHeldNowBeforeOrEarlierInTheList_StoresOnlyTheOthers()
    {
        var current = Users.New();
        await UserStore.AddAsync(current, CancellationToken.None);
        var moved = Users.New();
        await UserStore.AddAsync(moved, CancellationToken.None);
        var past = moved.CurrentEmail;
        var reloaded = (await UserStore.FindByIdAsync(moved.Id, CancellationToken.None))!;
        reloaded.ChangeEmail(EmailAddress.Create(Users.UniqueEmail("moved")), Users.Epoch.AddMinutes(1));
        await UserStore.UpdateAsync(reloaded, CancellationToken.None);
        var fresh = Users.UniqueEmail("fresh");

        var users = new[]
        {
            Imported(PasswordHash.NoPassword, email: current.CurrentEmail.Value.ToUpperInvariant()),
            Imported(PasswordHash.NoPassword, email: fresh),
            Imported(PasswordHash.NoPassword, email: past.Value),
            Imported(PasswordHash.NoPassword, email: fresh.ToLowerInvariant()),
        };
        var countBefore = await UserStore.CountAsync(CancellationToken.None);

        var stored = await UserStore.ImportAsync(users, CancellationToken.None);

        Assert.That(stored, Is.EqualTo(new[] { false, true, false, false }));
        Assert.That(await UserStore.FindByIdAsync(users[0].Id, CancellationToken.None), Is.Null, "nothing of a refused user is written");
        Assert.That(await UserStore.FindByIdAsync(users[3].Id, CancellationToken.None), Is.Null);
        Assert.That((await UserStore.FindByEmailAsync(EmailAddress.Create(fresh), CancellationToken.None))!.Id, Is.EqualTo(users[1].Id));
        Assert.That((await UserStore.FindByEmailAsync(past, CancellationToken.None))!.Id, Is.EqualTo(moved.Id));
        Assert.That(await UserStore.CountAsync(CancellationToken.None), Is.EqualTo(countBefore + 1));
    }

    [Test]
    public async Task Import_TheSameUsersAgain_StoresNobodyTwice()
    {
        var users = Enumerable.Range(0, 5).Select(_ => Imported(PasswordHash.Imported("bcrypt", Bcrypt))).ToArray();
        await UserStore.ImportAsync(users, CancellationToken.None);
        var again = users.Select(u => Imported(u.PasswordHash, email: u.CurrentEmail.Value)).ToArray();

        var stored = await UserStore.ImportAsync(again, CancellationToken.None);

        Assert.That(stored, Is.All.False);
        Assert.That(await UserStore.CountAsync(CancellationToken.None), Is.EqualTo(5));
    }

    [Test]
    public async Task CountImportedHashes_ByFormat_CountsOnlyUsersStillHoldingOne()
    {
        Assert.That(await UserStore.CountImportedHashesAsync(CancellationToken.None), Is.Empty);
        await UserStore.AddAsync(Users.New(), CancellationToken.None);
        var upgraded = Imported(PasswordHash.Imported("bcrypt", Bcrypt));
        await UserStore.ImportAsync(
            [Imported(PasswordHash.Imported("bcrypt", Bcrypt)), upgraded, Imported(PasswordHash.Imported("argon2id", ForeignArgon2id)), Imported(PasswordHash.NoPassword)],
            CancellationToken.None);
        var user = (await UserStore.FindByIdAsync(upgraded.Id, CancellationToken.None))!;
        user.UpgradePasswordHash(Users.Hash("upgraded"));
        await UserStore.UpdateAsync(user, CancellationToken.None);

        var counts = await UserStore.CountImportedHashesAsync(CancellationToken.None);

        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, long> { ["bcrypt"] = 1, ["argon2id"] = 1, ["none"] = 1 }));
    }

    [Test]
    public async Task ChangePassword_OfAnImportedUser_ReplacesTheForeignHashWithoutHistory()
    {
        var user = Imported(PasswordHash.Imported("bcrypt", Bcrypt));
        await UserStore.ImportAsync([user], CancellationToken.None);
        var loaded = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        loaded.ResetPassword(Users.Hash("reset"), Users.Epoch.AddMinutes(1));

        await UserStore.UpdateAsync(loaded, CancellationToken.None);

        var found = await UserStore.FindByIdAsync(user.Id, CancellationToken.None);
        Assert.That(found!.PasswordHash, Is.EqualTo(Users.Hash("reset")));
        Assert.That(found.PasswordHistory, Is.Empty);
    }

    private static User Imported(PasswordHash hash, bool verified = false, string? email = null) =>
        User.Import(UserId.New(), FullName.Create("Imported Ivy"), EmailAddress.Create(email ?? Users.UniqueEmail("imported")), verified, hash, Users.Epoch.AddDays(-400), Users.Epoch);
}
