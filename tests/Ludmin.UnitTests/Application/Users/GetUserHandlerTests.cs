using Ludmin.Application.Common;
using Ludmin.Application.Users.GetUser;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Users;

public sealed class GetUserHandlerTests
{
    private readonly Mock<IUserRepository> _users = new();
    private readonly User _ann = TestData.User("ann@example.com");
    private readonly User _bob = TestData.User("bob@example.com");

    public GetUserHandlerTests()
    {
        _users.Setup(u => u.FindByIdAsync(_ann.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_ann);
        _users.Setup(u => u.FindByIdAsync(_bob.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_bob);
    }

    [Test]
    public async Task Handle_WhenAskingForMe_GivesTheCallersFullProfile()
    {
        var device = TestData.LinkNewDevice(_ann, "Phone");
        _ann.ChangeEmail(EmailAddress.Create("Ann@Example.org"), TestData.Now.AddMinutes(1));
        _ann.PromoteToMaster(TestData.Now.AddMinutes(2));

        var view = await Handler().Handle(new GetUserQuery(Caller.ForUser(device, _ann.Id), "ME"), CancellationToken.None);

        var profile = view.Profile!;
        Assert.That(profile, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(profile.Id, Is.EqualTo(_ann.Id.Value));
            Assert.That(profile.FullName, Is.EqualTo("Ann Lee"));
            Assert.That(profile.CurrentEmail, Is.EqualTo("Ann@Example.org"));
            Assert.That(profile.Emails.Select(e => (e.Email, e.Current, e.Verified)), Is.EqualTo(new[] { ("ann@example.com", false, false), ("Ann@Example.org", true, false) }));
            Assert.That(profile.Emails[1].InsertedAt, Is.EqualTo(TestData.Now.AddMinutes(1)));
            Assert.That(profile.Devices.Single().DeviceId, Is.EqualTo(device.Value));
            Assert.That(profile.Devices.Single().Description, Is.EqualTo("Phone"));
            Assert.That(profile.Devices.Single().FirstSeen, Is.EqualTo(TestData.Now));
            Assert.That(profile.IsMaster, Is.True);
            Assert.That(profile.CreatedAt, Is.EqualTo(TestData.Now));
            Assert.That(profile.UpdatedAt, Is.EqualTo(TestData.Now.AddMinutes(2)));
            Assert.That(view.Summary.Id, Is.EqualTo(_ann.Id.Value));
        });
    }

    [Test]
    public async Task Handle_WhenAUserAsksForAnotherUser_GivesOnlyTheSummary()
    {
        var view = await Handler().Handle(new GetUserQuery(Caller.ForUser(DeviceId.New(), _ann.Id), _bob.Id.Value), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(view.Profile, Is.Null);
            Assert.That(view.Summary.Id, Is.EqualTo(_bob.Id.Value));
            Assert.That(view.Summary.FullName, Is.EqualTo("Ann Lee"));
        });
    }

    [Test]
    public async Task Handle_WhenAUserAsksForThemselvesById_GivesTheFullProfile()
    {
        var view = await Handler().Handle(new GetUserQuery(Caller.ForUser(DeviceId.New(), _ann.Id), _ann.Id.Value.ToUpperInvariant()), CancellationToken.None);

        Assert.That(view.Profile?.Id, Is.EqualTo(_ann.Id.Value));
    }

    [Test]
    public async Task Handle_WhenAMasterAsksForAnotherUser_GivesTheFullProfile()
    {
        var view = await Handler().Handle(new GetUserQuery(Caller.ForUser(DeviceId.New(), _ann.Id, isMaster: true), _bob.Id.Value), CancellationToken.None);

        Assert.That(view.Profile?.CurrentEmail, Is.EqualTo("bob@example.com"));
    }

    [Test]
    public void Handle_WhenUserDoesNotExist_RefusesWithUserNotFound() =>
        Assert.That(
            async () => await Handler().Handle(new GetUserQuery(Caller.ForUser(DeviceId.New(), _ann.Id), UserId.New().Value), CancellationToken.None),
            Refused.With(Errors.UserNotFound));

    [TestCase("not-an-id")]
    [TestCase("{\"$ne\": null}")]
    public void Handle_WhenIdIsMalformed_RefusesWithUserNotFoundWithoutAskingTheStore(string id)
    {
        Assert.That(
            async () => await Handler().Handle(new GetUserQuery(Caller.ForUser(DeviceId.New(), _ann.Id), id), CancellationToken.None),
            Refused.With(Errors.UserNotFound));
        _users.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenAPublicTokenAsksForMe_RefusesWithForbidden() =>
        Assert.That(
            async () => await Handler().Handle(new GetUserQuery(Caller.Public(DeviceId.New()), "me"), CancellationToken.None),
            Refused.With(Errors.Forbidden));

    private GetUserHandler Handler() => new(_users.Object, HandlerFixture.NoSecondFactors().Object, NoPasskeys());

    /// <summary>Users with no passkeys: the profile's count is 0.</summary>
    private static Ludmin.Domain.Passkeys.IPasskeyRepository NoPasskeys()
    {
        var passkeys = new Mock<Ludmin.Domain.Passkeys.IPasskeyRepository>();
        passkeys.Setup(p => p.CountByUserAsync(It.IsAny<IReadOnlyCollection<Ludmin.Domain.Users.UserId>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<Ludmin.Domain.Users.UserId, int>());
        return passkeys.Object;
    }
}
