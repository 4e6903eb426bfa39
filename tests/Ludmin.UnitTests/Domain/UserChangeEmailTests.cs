using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

public sealed class UserChangeEmailTests
{
    private static readonly DateTimeOffset Later = TestData.Now.AddMinutes(10);

    [Test]
    public void ChangeEmail_WhenAddressIsNew_AppendsItCurrentAndUnverified()
    {
        var user = TestData.User("ann@example.com");

        var change = user.ChangeEmail(EmailAddress.Create("Ann.Lee@Example.org"), Later);

        Assert.Multiple(() =>
        {
            Assert.That(change, Is.EqualTo(EmailChange.Added));
            Assert.That(user.Emails, Has.Count.EqualTo(2));
            Assert.That(user.CurrentEmail.Value, Is.EqualTo("Ann.Lee@Example.org"), "kept as typed");
            Assert.That(user.Emails[1].Address.Value, Is.EqualTo("Ann.Lee@Example.org"));
            Assert.That(user.Emails[1].IsCurrent, Is.True);
            Assert.That(user.Emails[1].IsVerified, Is.False);
            Assert.That(user.Emails[1].InsertedAt, Is.EqualTo(Later));
            Assert.That(user.Emails[0].IsCurrent, Is.False);
            Assert.That(user.Emails[0].UpdatedAt, Is.EqualTo(Later));
            Assert.That(user.Emails.Count(e => e.IsCurrent), Is.EqualTo(1));
            Assert.That(user.UpdatedAt, Is.EqualTo(Later));
        });
    }

    [Test]
    public void ChangeEmail_WhenAddressIsOneOfTheUsersPastAddresses_MakesItCurrentAgainWithoutAppending()
    {
        var user = TestData.User("ann@example.com");
        user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now.AddMinutes(1));

        var change = user.ChangeEmail(EmailAddress.Create("ANN@example.com"), Later);

        Assert.Multiple(() =>
        {
            Assert.That(change, Is.EqualTo(EmailChange.Reactivated));
            Assert.That(user.Emails, Has.Count.EqualTo(2));
            Assert.That(user.CurrentEmail.Value, Is.EqualTo("ann@example.com"));
            Assert.That(user.Emails[0].IsCurrent, Is.True);
            Assert.That(user.Emails[0].UpdatedAt, Is.EqualTo(Later));
            Assert.That(user.Emails[1].IsCurrent, Is.False);
            Assert.That(user.Emails.Count(e => e.IsCurrent), Is.EqualTo(1));
            Assert.That(user.UpdatedAt, Is.EqualTo(Later));
        });
    }

    [TestCase("ann@example.com")]
    [TestCase("ANN@Example.COM")]
    [TestCase("  ann@example.com  ")]
    public void ChangeEmail_WhenAddressIsTheCurrentOneInAnyCase_ReturnsUnchangedAndChangesNothing(string text)
    {
        var user = TestData.User("ann@example.com");

        var change = user.ChangeEmail(EmailAddress.Create(text), Later);

        Assert.Multiple(() =>
        {
            Assert.That(change, Is.EqualTo(EmailChange.Unchanged));
            Assert.That(user.Emails, Has.Count.EqualTo(1));
            Assert.That(user.CurrentEmail.Value, Is.EqualTo("ann@example.com"));
            Assert.That(user.UpdatedAt, Is.EqualTo(TestData.Now));
        });
    }

    [Test]
    public void ChangeEmail_WhenUserAlreadyHoldsEmailLimitAddresses_RefusesANewOneAndKeepsTheCurrent()
    {
        var user = FullUser();
        var current = user.CurrentEmail;

        Assert.That(
            () => user.ChangeEmail(EmailAddress.Create("one-too-many@example.com"), Later),
            Refused.With(Errors.ValidationFailed, "email"));
        Assert.That(user.Emails, Has.Count.EqualTo(User.EmailLimit));
        Assert.That(user.CurrentEmail, Is.EqualTo(current));
    }

    [Test]
    public void ChangeEmail_WhenUserHoldsEmailLimitAddresses_StillReactivatesAPastOne()
    {
        var user = FullUser();

        var change = user.ChangeEmail(EmailAddress.Create("ann-0@example.com"), Later);

        Assert.That(change, Is.EqualTo(EmailChange.Reactivated));
        Assert.That(user.CurrentEmail.Value, Is.EqualTo("ann-0@example.com"));
    }

    [Test]
    public void ChangeEmail_WhenAddressIsPastInAnotherCase_ReactivatesTheOneItHas()
    {
        var user = TestData.User("ann@example.com");
        user.ChangeEmail(EmailAddress.Create("ann@example.org"), Later);

        var change = user.ChangeEmail(EmailAddress.Create("ANN@EXAMPLE.COM"), Later);

        Assert.Multiple(() =>
        {
            Assert.That(change, Is.EqualTo(EmailChange.Reactivated));
            Assert.That(user.Emails.Select(e => e.Address.Normalized), Is.EqualTo(new[] { "ann@example.com", "ann@example.org" }));
        });
    }

    private static User FullUser()
    {
        var user = TestData.User("ann-0@example.com");
        for (var i = 1; i < User.EmailLimit; i++)
        {
            user.ChangeEmail(EmailAddress.Create($"ann-{i}@example.com"), TestData.Now.AddSeconds(i));
        }

        Assert.That(user.Emails, Has.Count.EqualTo(User.EmailLimit));
        return user;
    }
}
