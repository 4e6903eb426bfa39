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
        _users.Setup(u => u.ListAsync(20, 10, It.IsAny<CancellationToken>())).ReturnsAsync([ann, bob]);
        _users.Setup(u => u.CountAsync(It.IsAny<CancellationToken>())).ReturnsAsync(42);

        var page = await Handler().Handle(new ListUsersQuery(Master(), Page: 3, PageSize: 10), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(page.Items.Select(p => p.CurrentEmail), Is.EqualTo(new[] { "ann@example.com", "bob@example.com" }));
            Assert.That(page.Items[0].Id, Is.EqualTo(ann.Id.Value));
            Assert.That(page.Page, Is.EqualTo(3));
            Assert.That(page.PageSize, Is.EqualTo(10));
            Assert.That(page.Total, Is.EqualTo(42));
        });
    }

    [Test]
    public async Task Handle_WhenFirstPage_SkipsNothing()
    {
        _users.Setup(u => u.ListAsync(It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var page = await Handler().Handle(new ListUsersQuery(Master(), Page: 1, PageSize: 20), CancellationToken.None);

        Assert.That(page.Items, Is.Empty);
        _users.Verify(u => u.ListAsync(0, 20, It.IsAny<CancellationToken>()), Times.Once);
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

    private ListUsersHandler Handler() => new(_users.Object);
}
