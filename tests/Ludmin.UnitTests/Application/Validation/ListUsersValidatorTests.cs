using Ludmin.Application.Common;
using Ludmin.Application.Users.ListUsers;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class ListUsersValidatorTests
{
    private static readonly Caller Master = Caller.ForUser(DeviceId.New(), UserId.New(), isMaster: true);
    private readonly ListUsersValidator _validator = new();

    [TestCase(1, 1)]
    [TestCase(1, ListUsersQuery.MaxPageSize)]
    [TestCase(1_000_000, ListUsersQuery.DefaultPageSize)]
    public void Validate_WhenPageAndSizeAreInRange_Passes(int page, int pageSize) =>
        Assert.That(_validator.Validate(new ListUsersQuery(Master, page, pageSize)).IsValid, Is.True);

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(1_000_001)]
    public void Validate_WhenPageIsOutOfRange_FailsOnPage(int page) =>
        Assert.That(_validator.Validate(new ListUsersQuery(Master, page, 20)).Fields(), Is.EqualTo(new[] { "page" }));

    [TestCase(0)]
    [TestCase(ListUsersQuery.MaxPageSize + 1)]
    public void Validate_WhenPageSizeIsOutOfRange_FailsOnPageSize(int pageSize) =>
        Assert.That(_validator.Validate(new ListUsersQuery(Master, 1, pageSize)).Fields(), Is.EqualTo(new[] { "page_size" }));

    /// <summary>The messages GET /users has always answered for its bounds (they were MVC's [Range] messages).</summary>
    [Test]
    public void Validate_WhenPageAndSizeAreOutOfRange_AnswersTheBoundsMessages()
    {
        var result = _validator.Validate(new ListUsersQuery(Master, 0, ListUsersQuery.MaxPageSize + 1));

        Assert.Multiple(() =>
        {
            Assert.That(result.MessagesFor("page"), Is.EqualTo(new[] { "The field page must be between 1 and 1000000." }));
            Assert.That(result.MessagesFor("page_size"), Is.EqualTo(new[] { "The field pageSize must be between 1 and 100." }));
        });
    }

    [Test]
    public void Validate_WhenPagingIsOutOfRangeBesideABadCursor_ReportsTheBoundsAlone()
    {
        var result = _validator.Validate(new ListUsersQuery(Master, 0, 20, "not-a-cursor"));

        Assert.That(result.Fields(), Is.EqualTo(new[] { "page" }));
        Assert.That(result.MessagesFor("page"), Is.EqualTo(new[] { "The field page must be between 1 and 1000000." }));
    }

    [Test]
    public void Validate_WhenACursorOfOursIsGivenWithTheFirstPage_Passes() =>
        Assert.That(_validator.Validate(new ListUsersQuery(Master, 1, 20, Cursor())).IsValid, Is.True);

    [TestCase("")]
    [TestCase("not-a-cursor")]
    [TestCase("{\"$ne\":null}")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Validate_WhenAfterIsNotACursorOfOurs_FailsOnAfter(string after) =>
        Assert.That(_validator.Validate(new ListUsersQuery(Master, 1, 20, after)).Fields(), Is.EqualTo(new[] { "after" }));

    [Test]
    public void Validate_WhenAfterIsHuge_FailsOnAfter() =>
        Assert.That(_validator.Validate(new ListUsersQuery(Master, 1, 20, new string('A', 1_000_000))).Fields(), Is.EqualTo(new[] { "after" }));

    [Test]
    public void Validate_WhenAfterComesWithAPagePastTheFirst_FailsOnPage() =>
        Assert.That(_validator.Validate(new ListUsersQuery(Master, 2, 20, Cursor())).Fields(), Is.EqualTo(new[] { "page" }));

    private static string Cursor() => UserListCursor.Encode(new UserListPosition(DateTimeOffset.UnixEpoch, UserId.New()));
}
