using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

/// <summary>
/// Imported hashes in the domain: marked in the stored text so that no hash is ever taken for
/// Ludmin's own by its look, told apart from none, never shown, and never kept in the history.
/// </summary>
public sealed class ImportedPasswordHashTests
{
    private const string Bcrypt = "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO";

    [Test]
    public void Imported_KeepsTheFormatAndTheTextAsTheyCame()
    {
        var hash = PasswordHash.Imported("bcrypt", Bcrypt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(hash.Value, Is.EqualTo("!imported:bcrypt:" + Bcrypt));
            Assert.That(hash.IsImported, Is.True);
            Assert.That(hash.ImportedFormat, Is.EqualTo("bcrypt"));
            Assert.That(hash.ImportedText, Is.EqualTo(Bcrypt));
            Assert.That(PasswordHash.FromStored(hash.Value), Is.EqualTo(hash), "read back from a store as it was written");
            Assert.That(hash.ToString(), Does.Not.Contain("2b").And.Not.Contain("bcrypt"));
        }
    }

    [Test]
    public void NoPassword_IsImportedWithTheFormatNoneAndNoText()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PasswordHash.NoPassword.IsImported, Is.True);
            Assert.That(PasswordHash.NoPassword.ImportedFormat, Is.EqualTo(PasswordHash.NoPasswordFormat));
            Assert.That(PasswordHash.NoPassword.ImportedText, Is.Empty);
        }
    }

    [Test]
    public void LudminsOwnHash_IsNotImportedWhateverItLooksLike()
    {
        var own = PasswordHash.FromStored("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA");

        Assert.That(own.IsImported, Is.False);
        Assert.That(own.ImportedFormat, Is.Null);
    }

    [TestCase("bcr:ypt")]
    [TestCase("none")]
    [TestCase(" ")]
    public void Imported_WithAFormatNameThatCannotBeStored_Refuses(string format) =>
        Assert.That(() => PasswordHash.Imported(format, Bcrypt), Throws.ArgumentException);

    [Test]
    public void FromStored_AnImportedHashWithoutItsFormat_Refuses() =>
        Assert.That(() => PasswordHash.FromStored("!imported:bcrypt"), Throws.TypeOf<FormatException>());

    [Test]
    public void Import_MakesAUserWithoutDevicesWithTheAddressVerifiedAsSaidAndTheGivenCreationTime()
    {
        var created = TestData.Now.AddYears(-3).AddTicks(7);

        var user = User.Import(UserId.New(), FullName.Create("Ivy"), EmailAddress.Create("ivy@example.com"), true, PasswordHash.Imported("bcrypt", Bcrypt), created, TestData.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(user.Devices, Is.Empty);
            Assert.That(user.IsMaster, Is.False);
            Assert.That(user.Emails.Single().IsVerified, Is.True);
            Assert.That(user.Emails.Single().IsCurrent, Is.True);
            Assert.That(user.CreatedAt, Is.EqualTo(created.AddTicks(-7)), "truncated to the stores' precision");
            Assert.That(user.PasswordHistory, Is.Empty);
            Assert.That(user.Version, Is.Zero);
        }
    }

    [Test]
    public void ChangePassword_FromAnImportedHash_ReplacesItWithoutKeepingItInTheHistory()
    {
        var user = User.Import(UserId.New(), FullName.Create("Ivy"), EmailAddress.Create("ivy@example.com"), false, PasswordHash.Imported("bcrypt", Bcrypt), null, TestData.Now);

        user.ChangePassword(TestData.Hash("own-1"), keepDevice: null, TestData.Now.AddMinutes(1));
        user.ResetPassword(TestData.Hash("own-2"), TestData.Now.AddMinutes(2));

        Assert.That(user.PasswordHistory.Select(h => h.Value), Is.EqualTo(new[] { "own-1" }), "the Ludmin hash is kept, the imported one is gone");
    }

    [Test]
    public void ResetPassword_OfAUserWithoutAPassword_KeepsNothingInTheHistory()
    {
        var user = User.Import(UserId.New(), FullName.Create("Ivy"), EmailAddress.Create("ivy@example.com"), false, PasswordHash.NoPassword, null, TestData.Now);

        user.ResetPassword(TestData.Hash("own-1"), TestData.Now.AddMinutes(1));

        Assert.That(user.PasswordHistory, Is.Empty);
        Assert.That(user.PasswordHash.IsImported, Is.False);
    }
}
