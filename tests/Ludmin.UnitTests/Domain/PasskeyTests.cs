using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

public sealed class PasskeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 4, 0, 0, TimeSpan.Zero);

    [TestCase(5, 6)]
    [TestCase(0, 1)]
    [TestCase(0, 0)]
    public void RecordUse_WhenTheCounterMovesOnOrBothAreZero_IsAccepted(long stored, long signed)
    {
        var passkey = Stored(stored);

        passkey.RecordUse(signed, backedUp: false, Now);

        Assert.That((passkey.SignCount, passkey.LastUsed), Is.EqualTo((signed, (DateTimeOffset?)Now)));
    }

    [TestCase(5, 5)]
    [TestCase(5, 4)]
    [TestCase(5, 0)]
    public void RecordUse_WhenTheCounterIsNotAboveAndEitherIsNonZero_IsRefusedAsRegressed(long stored, long signed)
    {
        var passkey = Stored(stored);

        var refused = Assert.Throws<DomainException>(() => passkey.RecordUse(signed, backedUp: false, Now));

        Assert.That(refused!.Error, Is.EqualTo(Errors.PasskeyCounterRegressed));
        Assert.That((passkey.SignCount, passkey.LastUsed), Is.EqualTo((stored, (DateTimeOffset?)null)), "nothing changed");
    }

    [Test]
    public void RecordUse_BackedUpOnANotEligibleCredential_StaysNotBackedUp()
    {
        var passkey = Stored(0);
        passkey.RecordUse(1, backedUp: true, Now);
        Assert.That(passkey.BackedUp, Is.False);
    }

    [Test]
    public void Register_TakesTheUserHandleFromTheUserId_AndTruncatesTheTime()
    {
        var user = UserId.New();
        var passkey = Passkey.Register(user, CredentialId.FromBytes(new byte[16]), [1], PasskeyName.Create("Key"), 0, false, false, Now.AddTicks(1234));

        Assert.That(passkey.UserHandle, Is.EqualTo(Convert.FromHexString(user.Value)));
        Assert.That(passkey.CreatedAt, Is.EqualTo(Now.AddTicks(1234 - (1234 % TimeSpan.TicksPerMillisecond))));
    }

    [Test]
    public void Challenge_AdmitsOnlyItsCeremonyDeviceAndUser_BeforeItExpires()
    {
        var device = DeviceId.New();
        var user = UserId.New();
        var challenge = PasskeyChallenge.Issue("c", CeremonyPurpose.Register, device, user, "{}", Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(challenge.Admits(CeremonyPurpose.Register, device, user, Now + PasskeyChallenge.Lifetime - TimeSpan.FromMilliseconds(1)), Is.True);
            Assert.That(challenge.Admits(CeremonyPurpose.Register, device, user, Now + PasskeyChallenge.Lifetime), Is.False, "expired");
            Assert.That(challenge.Admits(CeremonyPurpose.SecondFactor, device, user, Now), Is.False, "another ceremony");
            Assert.That(challenge.Admits(CeremonyPurpose.Register, DeviceId.New(), user, Now), Is.False, "another device");
            Assert.That(challenge.Admits(CeremonyPurpose.Register, device, UserId.New(), Now), Is.False, "another user");
        }
    }

    [Test]
    public void Challenge_ForASignIn_NamesNoUser() =>
        Assert.Throws<ArgumentException>(() => PasskeyChallenge.Issue("c", CeremonyPurpose.SignIn, DeviceId.New(), UserId.New(), "{}", Now));

    [TestCase(15, false)]
    [TestCase(16, true)]
    [TestCase(1023, true)]
    [TestCase(1024, false)]
    public void CredentialId_IsSixteenTo1023Bytes(int length, bool valid) =>
        Assert.That(CredentialId.TryFromBytes(new byte[length], out _), Is.EqualTo(valid));

    [TestCase("Phone", true)]
    [TestCase("  Laptop  ", true)]
    [TestCase("", false)]
    [TestCase("   ", false)]
    [TestCase("a\u0001b", false)]
    public void PasskeyName_IsOneTo64PrintableCharacters(string text, bool valid) =>
        Assert.That(PasskeyName.TryCreate(text, out _), Is.EqualTo(valid));

    private static Passkey Stored(long signCount) =>
        Passkey.Restore(PasskeyId.New(), UserId.New(), CredentialId.FromBytes(new byte[16]), [1], [2], PasskeyName.Create("Key"), signCount, false, false, Now.AddDays(-1), null, 1);
}
