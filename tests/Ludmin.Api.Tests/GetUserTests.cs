using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>GET /users/{id or me}: the full profile for the user and masters, id and name for others.</summary>
public sealed class GetUserTests : MasterApiTestBase
{
    [TestCase("me")]
    [TestCase("ME")]
    public async Task GetUser_WhenMe_ReturnsTheCallersFullProfile(string me)
    {
        var session = await Api.NewSessionAsync(description: "Phone");

        var profile = await Api.GetUserAsync(session.Token, me);

        Profiles.AssertFull(profile);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["id"], Is.EqualTo(session.User.Id));
            Assert.That((string?)profile["full_name"], Is.EqualTo(session.User.FullName));
            Assert.That((string?)profile["current_email"], Is.EqualTo(session.User.Email));
            Assert.That(Profiles.DeviceIds(profile), Is.EqualTo(new[] { session.DeviceId }));
        }
    }

    [Test]
    public async Task GetUser_WhenTheUserHasSeveralDevices_MarksOnlyTheCallersOneCurrent()
    {
        var session = await Api.NewSessionAsync(description: "Phone");
        var laptop = await Api.LoginAsync(session.User.Email, session.User.Password, "Laptop");

        var fromPhone = await Api.GetUserAsync(session.Token);
        var fromLaptop = await Api.GetUserAsync(laptop.Token, session.User.Id);
        var afterUpdate = await Api.UpdateAsync(laptop.Token, new { full_name = "Renamed" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Profiles.Devices(fromPhone), Is.EquivalentTo(new[] { (session.DeviceId, true), (laptop.DeviceId, false) }));
            Assert.That(Profiles.Devices(fromLaptop), Is.EquivalentTo(new[] { (session.DeviceId, false), (laptop.DeviceId, true) }));
            Assert.That(Profiles.Devices(afterUpdate), Is.EquivalentTo(new[] { (session.DeviceId, false), (laptop.DeviceId, true) }));
        }
    }

    [Test]
    public async Task GetUser_WhenAMasterReadsAnotherUserOnTheSameDeviceId_MarksNoDeviceCurrent()
    {
        // The same device id may be linked to two users (a shared computer): it is the caller's device only in the caller's own profile.
        var master = await LoginAsMasterAsync();
        var user = await Api.RegisterAsync();
        await Api.LoginAsync(user.Email, user.Password, "Shared", master.DeviceId);

        var profile = await Api.GetUserAsync(master.Token, user.Id);

        Assert.That(Profiles.Devices(profile), Is.EqualTo(new[] { (master.DeviceId, false) }));
    }

    [Test]
    public async Task GetUser_WhenOwnId_ReturnsTheFullProfile()
    {
        var session = await Api.NewSessionAsync();

        var profile = await Api.GetUserAsync(session.Token, session.User.Id);

        Profiles.AssertFull(profile);
        Assert.That((string?)profile["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task GetUser_WhenOwnIdInUpperCase_ReturnsTheFullProfile()
    {
        var session = await Api.NewSessionAsync();

        var profile = await Api.GetUserAsync(session.Token, session.User.Id.ToUpperInvariant());

        Profiles.AssertFull(profile);
    }

    [Test]
    public async Task GetUser_WhenAnotherUsersId_ReturnsOnlyIdAndFullName()
    {
        var session = await Api.NewSessionAsync();
        var other = await Api.RegisterAsync(fullName: "Bob Other");

        var profile = await Api.GetUserAsync(session.Token, other.Id);

        Profiles.AssertSummary(profile);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["id"], Is.EqualTo(other.Id));
            Assert.That((string?)profile["full_name"], Is.EqualTo("Bob Other"));
            Assert.That(profile.ToJsonString(), Does.Not.Contain(other.Email));
        }
    }

    [Test]
    public async Task GetUser_WhenMasterAsksForAnotherUser_ReturnsTheFullProfile()
    {
        var other = await Api.NewSessionAsync();
        var master = await LoginAsMasterAsync();

        var profile = await Api.GetUserAsync(master.Token, other.User.Id);

        Profiles.AssertFull(profile);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["current_email"], Is.EqualTo(other.User.Email));
            Assert.That(Profiles.DeviceIds(profile), Is.EqualTo(new[] { other.DeviceId }));
        }
    }

    [Test]
    public async Task GetUser_WhenIdIsUnknown_Returns404UserNotFound()
    {
        var session = await Api.NewSessionAsync();

        await Api.ExpectProblemAsync(HttpMethod.Get, $"/users/{Unique.Hex32()}", session.Token, HttpStatusCode.NotFound, "user_not_found");
    }

    [TestCase("abc")]
    [TestCase("0123456789abcdef0123456789abcde")]
    [TestCase("0123456789abcdef0123456789abcdef0")]
    [TestCase("g123456789abcdef0123456789abcdef")]
    [TestCase("0123456789abcdef-123456789abcdef")]
    [TestCase("me2")]
    [TestCase("%20")]
    [TestCase("%7B%22%24ne%22%3Anull%7D")]
    public async Task GetUser_WhenIdIsMalformed_Returns404UserNotFound(string id)
    {
        var session = await Api.NewSessionAsync();

        await Api.ExpectProblemAsync(HttpMethod.Get, $"/users/{id}", session.Token, HttpStatusCode.NotFound, "user_not_found");
    }

    [Test]
    public async Task GetUser_WhenUnknownIdIsAskedByAMaster_Returns404UserNotFound()
    {
        var master = await LoginAsMasterAsync();

        await Api.ExpectProblemAsync(HttpMethod.Get, $"/users/{Unique.Hex32()}", master.Token, HttpStatusCode.NotFound, "user_not_found");
    }

    [Test]
    public async Task GetUser_WhenTokenIsPublic_Returns403Forbidden()
    {
        var token = await Api.PublicTokenAsync();

        await Api.ExpectProblemAsync(HttpMethod.Get, "/users/me", token.Token, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task GetUser_WhenNoTokenIsSent_Returns401TokenMissing()
    {
        var user = await Api.RegisterAsync();

        await Api.ExpectProblemAsync(HttpMethod.Get, $"/users/{user.Id}", null, HttpStatusCode.Unauthorized, "token_missing");
    }
}
