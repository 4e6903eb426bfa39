using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Users.ImportUsers;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Application.Users;

/// <summary>
/// The import's use case: masters only; every row judged on its own and answered in order; the
/// store asked once for the rows that make users; the hashes read, never verified; one security
/// event with the counts.
/// </summary>
public sealed class ImportUsersHandlerTests
{
    private readonly Mock<IUserRepository> _users = new(MockBehavior.Strict);
    private readonly Mock<IImportedPasswordHashes> _hashes = new(MockBehavior.Strict);
    private readonly Mock<ISecurityEvents> _events = new();
    private readonly FakeTimeProvider _clock = new(TestData.Now);

    [Test]
    public void Handle_ByAUserWhoIsNoMaster_IsForbiddenAndStoresNothing()
    {
        var caller = Caller.ForUser(DeviceId.New(), UserId.New());

        var error = Assert.ThrowsAsync<DomainException>(async () => await Handler().Handle(new ImportUsersCommand(caller, [Entry("a@example.com")]), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.Forbidden));
    }

    [Test]
    public async Task Handle_AMixOfRows_AsksTheStoreOnceForTheValidOnesAndAnswersEachInOrder()
    {
        _hashes.Setup(h => h.Read("good")).Returns(new ImportedHashReading(PasswordHash.Imported("bcrypt", "good"), null));
        _hashes.Setup(h => h.Read("costly")).Returns(new ImportedHashReading(null, "hash_too_costly"));
        IReadOnlyList<User>? sent = null;
        _users.Setup(u => u.ImportAsync(It.IsAny<IReadOnlyList<User>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<User>, CancellationToken>((users, _) => sent = users)
            .ReturnsAsync([true, false]);
        var master = Master();

        var result = await Handler().Handle(
            new ImportUsersCommand(master, [Entry("new@example.com", "good"), null, Entry("costly@example.com", "costly"), Entry("held@example.com"), Entry("old@example.com", createdAt: "2020-02-30T00:00:00Z")]),
            CancellationToken.None);

        Assert.That(result.Results.Select(r => $"{r.Email} {r.Status} {r.Code} {r.Field}".TrimEnd()), Is.EqualTo(new[]
        {
            "new@example.com created", " invalid email_invalid email", "costly@example.com invalid hash_too_costly password_hash",
            "held@example.com exists", "old@example.com invalid created_at_invalid created_at",
        }));
        Assert.That(result.Results[0].UserId, Is.EqualTo(sent![0].Id.Value));
        Assert.That(sent.Select(u => u.PasswordHash), Is.EqualTo(new[] { PasswordHash.Imported("bcrypt", "good"), PasswordHash.NoPassword }));
        _events.Verify(e => e.UsersImported(master.UserId!.Value, master.DeviceId, 5, 1, 1, master.ClientAddress), Times.Once);
    }

    [Test]
    public async Task Handle_WhenNoRowMakesAUser_AsksTheStoreNothing()
    {
        var result = await Handler().Handle(new ImportUsersCommand(Master(), [Entry("bad"), Entry("a@example.com", fullName: "")]), CancellationToken.None);

        Assert.That(result.Results.Select(r => r.Code), Is.EqualTo(new[] { "email_invalid", "full_name_invalid" }));
    }

    [TestCase("2020-01-02T03:04:05Z", true)]
    [TestCase("2020-01-02T03:04:05.123+02:00", true)]
    [TestCase("2020-01-02 03:04:05Z", true)]
    [TestCase("2020-01-02T03:04:05", false)]
    [TestCase("01/02/2020", false)]
    [TestCase("1969-12-31T23:59:59Z", false)]
    public async Task Handle_ACreationTime_IsTakenOnlyAsRfc3339WithAnOffsetAndNotInTheFuture(string createdAt, bool taken)
    {
        _users.Setup(u => u.ImportAsync(It.IsAny<IReadOnlyList<User>>(), It.IsAny<CancellationToken>())).ReturnsAsync([true]);

        var result = await Handler().Handle(new ImportUsersCommand(Master(), [Entry("a@example.com", createdAt: createdAt)]), CancellationToken.None);

        Assert.That(result.Results[0].Status, Is.EqualTo(taken ? "created" : "invalid"));
    }

    [Test]
    public void Validator_MoreThanAThousandUsers_IsRefusedOnUsers()
    {
        var many = Enumerable.Range(0, ImportUsersCommand.MaxUsers + 1).Select(i => (ImportUserEntry?)Entry($"u{i}@example.com")).ToList();

        var failures = new ImportUsersValidator().Validate(new ImportUsersCommand(Master(), many)).Errors;

        Assert.That(failures.Select(f => f.PropertyName), Is.EqualTo(new[] { "users" }));
        Assert.That(new ImportUsersValidator().Validate(new ImportUsersCommand(Master(), many[..1000])).IsValid, Is.True);
    }

    [Test]
    public void Entry_WhenPrinted_NeverShowsTheHash() =>
        Assert.That(Entry("a@example.com", "$2b$04$secret").ToString(), Does.Not.Contain("secret"));

    private static ImportUserEntry Entry(string email, string? hash = null, string fullName = "Ivy Lee", string? createdAt = null) =>
        new(fullName, email, null, hash, createdAt);

    private static Caller Master() => Caller.ForUser(DeviceId.New(), UserId.New(), isMaster: true);

    private ImportUsersHandler Handler() => new(new UserImport(_users.Object, _hashes.Object, _clock), _events.Object);
}
