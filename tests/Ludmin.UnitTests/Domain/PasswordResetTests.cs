using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

public sealed class PasswordResetTests
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    [Test]
    public void Issue_WhenCalled_StartsUnusedAndExpiresAfterTheLifetime()
    {
        var userId = UserId.New();

        var reset = PasswordReset.Issue(userId, "code-hash", TestData.Now.AddTicks(42), Lifetime);

        Assert.Multiple(() =>
        {
            Assert.That(reset.UserId, Is.EqualTo(userId));
            Assert.That(reset.CodeHash, Is.EqualTo("code-hash"));
            Assert.That(reset.CreatedAt, Is.EqualTo(TestData.Now));
            Assert.That(reset.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(reset.ExpiresAt, Is.EqualTo(TestData.Now + Lifetime));
            Assert.That(reset.FailedAttempts, Is.Zero);
            Assert.That(reset.Version, Is.Zero);
        });
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Issue_WhenLifetimeIsNotPositive_Refuses(int minutes) =>
        Assert.That(
            () => PasswordReset.Issue(UserId.New(), "code-hash", TestData.Now, TimeSpan.FromMinutes(minutes)),
            Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase("")]
    [TestCase(" ")]
    public void Issue_WhenCodeHashIsBlank_Refuses(string codeHash) =>
        Assert.That(() => PasswordReset.Issue(UserId.New(), codeHash, TestData.Now, Lifetime), Throws.ArgumentException);

    [Test]
    public void IsUsable_WhenBeforeExpiryWithAttemptsLeft_IsTrue()
    {
        var reset = Issue();

        Assert.That(reset.IsUsable(TestData.Now + Lifetime - TimeSpan.FromMilliseconds(1), MaxAttempts), Is.True);
    }

    [TestCase(0)]
    [TestCase(1)]
    public void IsUsable_WhenAtOrAfterExpiry_IsFalse(int millisecondsAfter)
    {
        var reset = Issue();

        Assert.That(reset.IsUsable(TestData.Now + Lifetime + TimeSpan.FromMilliseconds(millisecondsAfter), MaxAttempts), Is.False);
    }

    [Test]
    public void IsUsable_WhenOneAttemptIsLeft_IsTrue()
    {
        var reset = Restore(failedAttempts: MaxAttempts - 1);

        Assert.That(reset.IsUsable(TestData.Now, MaxAttempts), Is.True);
    }

    [Test]
    public void IsUsable_WhenAttemptsAreExhausted_IsFalse()
    {
        var reset = Restore(failedAttempts: MaxAttempts);

        Assert.That(reset.IsUsable(TestData.Now, MaxAttempts), Is.False);
    }

    [Test]
    public void RecordFailedAttempt_WhenCalledUntilTheLimit_MakesTheCodeUnusable()
    {
        var reset = Issue();

        for (var i = 0; i < MaxAttempts; i++)
        {
            Assert.That(reset.IsUsable(TestData.Now, MaxAttempts), Is.True);
            reset.RecordFailedAttempt();
        }

        Assert.That(reset.FailedAttempts, Is.EqualTo(MaxAttempts));
        Assert.That(reset.IsUsable(TestData.Now, MaxAttempts), Is.False);
    }

    [Test]
    public void Restore_WhenCalled_KeepsEveryMember()
    {
        var reset = Restore(failedAttempts: 3);

        Assert.Multiple(() =>
        {
            Assert.That(reset.CodeHash, Is.EqualTo("code-hash"));
            Assert.That(reset.FailedAttempts, Is.EqualTo(3));
            Assert.That(reset.Version, Is.EqualTo(4));
            Assert.That(reset.ExpiresAt, Is.EqualTo(TestData.Now + Lifetime));
        });
    }

    private static PasswordReset Issue() => PasswordReset.Issue(UserId.New(), "code-hash", TestData.Now, Lifetime);

    private static PasswordReset Restore(int failedAttempts) =>
        PasswordReset.Restore(UserId.New(), "code-hash", TestData.Now, TestData.Now + Lifetime, failedAttempts, version: 4);
}
