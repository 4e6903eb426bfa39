using Ludmin.Application.Common;
using Ludmin.Application.Users.ListUsers;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Users;

public sealed class ListUsersHandlerTests
{
    private readonly Mock<IUserRepository> _users = new();

    [Test]
    public async Task Handle_WhenCallerIsMaster_ReadsThePageAndTheTotal()
    {
        var ann = TestData.User("ann@example.com");
        var bob = TestData.User("bob@example.com");
        _users.Setup(u => u.ListAsync(20, 11, It.IsAny<CancellationToken>())).ReturnsAsync([ann, bob]);
        _users.Setup(u => u.CountAsync(It.IsAny<CancellationToken>())).ReturnsAsync(42);

        var page = await Handler().Handle(new ListUsersQuery(Master(), Page: 3, PageSize: 10), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(page.Items.Select(p => p.CurrentEmail), Is.EqualTo(new[] { "ann@example.com", "bob@example.com" }));
            Assert.That(page.Items[0].Id, Is.EqualTo(ann.Id.Value));
            Assert.That(page.Page, Is.EqualTo(3));
            Assert.That(page.PageSize, Is.EqualTo(10));
            Assert.That(page.Total, Is.EqualTo(42));
            Assert.That(page.Next, Is.Null, "fewer than a page came back: this is the last page");
        });
    }

    [Test]
    public async Task Handle_WhenFirstPage_SkipsNothing()
    {
        _users.Setup(u => u.ListAsync(It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var page = await Handler().Handle(new ListUsersQuery(Master(), Page: 1, PageSize: 20), CancellationToken.None);

        Assert.That(page.Items, Is.Empty);
        Assert.That(page.Next, Is.Null);
        _users.Verify(u => u.ListAsync(0, 21, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenMoreUsersFollowThePage_AnswersAPageAndACursorAtItsLastUser()
    {
        var users = Enumerable.Range(0, 3).Select(i => TestData.User($"user{i}@example.com", at: TestData.Now.AddMinutes(i))).ToList();
        _users.Setup(u => u.ListAsync(0, 3, It.IsAny<CancellationToken>())).ReturnsAsync(users);

        var page = await Handler().Handle(new ListUsersQuery(Master(), Page: 1, PageSize: 2), CancellationToken.None);

        Assert.That(page.Items.Select(p => p.Id), Is.EqualTo(users.Take(2).Select(u => u.Id.Value)), "the extra user only tells that more follow");
        Assert.That(UserListCursor.TryDecode(page.Next, out var next), Is.True);
        Assert.That(next, Is.EqualTo(UserListPosition.Of(users[1])));
    }

    [Test]
    public async Task Handle_WhenACursorIsGiven_SeeksAfterItsPositionAndAnswersNoPageNumber()
    {
        var before = TestData.User("before@example.com");
        var after = TestData.User("after@example.com", at: TestData.Now.AddMinutes(1));
        var cursor = UserListCursor.Encode(UserListPosition.Of(before));
        _users.Setup(u => u.ListAfterAsync(UserListPosition.Of(before), 11, It.IsAny<CancellationToken>())).ReturnsAsync([after]);
        _users.Setup(u => u.CountAsync(It.IsAny<CancellationToken>())).ReturnsAsync(2);

        var page = await Handler().Handle(new ListUsersQuery(Master(), Page: 1, PageSize: 10, After: cursor), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(page.Items.Select(p => p.Id), Is.EqualTo(new[] { after.Id.Value }));
            Assert.That(page.Page, Is.Null);
            Assert.That(page.Next, Is.Null);
            Assert.That(page.Total, Is.EqualTo(2));
        });
        _users.Verify(u => u.ListAsync(It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never, "a cursor page never skips");
    }

    [Test]
    public void Handle_WhenTheCursorDoesNotDecode_RefusesOnAfterWithoutReading()
    {
        Assert.That(
            async () => await Handler().Handle(new ListUsersQuery(Master(), 1, 20, After: "not-a-cursor"), CancellationToken.None),
            Refused.With(Errors.ValidationFailed, "after"));
        _users.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenCallerIsNotMaster_RefusesWithForbiddenWithoutReading()
    {
        Assert.That(
            async () => await Handler().Handle(new ListUsersQuery(Caller.ForUser(DeviceId.New(), UserId.New()), 1, 20), CancellationToken.None),
            Refused.With(Errors.Forbidden));
        _users.VerifyNoOtherCalls();
    }

    private static Caller Master() => Caller.ForUser(DeviceId.New(), UserId.New(), isMaster: true);

    private ListUsersHandler Handler() => new(_users.Object, NoPasskeys());

    /// <summary>Users with no passkeys: the profile's count is 0.</summary>
    private static Ludmin.Domain.Passkeys.IPasskeyRepository NoPasskeys()
    {
        var passkeys = new Mock<Ludmin.Domain.Passkeys.IPasskeyRepository>();
        passkeys.Setup(p => p.CountByUserAsync(It.IsAny<IReadOnlyCollection<Ludmin.Domain.Users.UserId>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<Ludmin.Domain.Users.UserId, int>());
        return passkeys.Object;
    }
}
