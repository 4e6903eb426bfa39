using System.Net;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// PUT /users/{id or me}: name, email and password in one call, all or nothing; email and
/// password changes need the caller's own current password.
/// </summary>
public sealed class UpdateProfileTests : MasterApiTestBase
{
    private const string NewPassword = "a brand new password";

    /// <summary>The server's clock, moved on by the tests that compare timestamps.</summary>
    private FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override LudminFactoryOptions FactoryOptions => new() { MasterEmail = MasterEmail, MasterPassword = MasterPassword, Clock = Clock };

    [Test]
    public async Task Update_WhenOnlyTheNameChanges_RenamesWithoutCurrentPassword()
    {
        var session = await Api.NewSessionAsync();
        var before = await Api.GetUserAsync(session.Token);
        Clock.Advance(TimeSpan.FromSeconds(1));

        var profile = await Api.UpdateAsync(session.Token, new { full_name = "  New Name " });

        Profiles.AssertFull(profile);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["full_name"], Is.EqualTo("New Name"));
            Assert.That((string?)profile["updated_at"], Is.Not.EqualTo((string?)before["updated_at"]));
            Assert.That((string?)profile["created_at"], Is.EqualTo((string?)before["created_at"]));
            Assert.That((string?)(await Api.GetUserAsync(session.Token))["full_name"], Is.EqualTo("New Name"));
        }
    }

    [Test]
    public async Task Update_WhenNameEmailAndPasswordChangeInOneCall_AppliesThemAll()
    {
        var session = await Api.NewSessionAsync();
        var newEmail = Unique.Email("all-parts");

        var profile = await Api.UpdateAsync(session.Token, new
        {
            full_name = "All Parts",
            email = newEmail,
            password = NewPassword,
            password_confirmation = NewPassword,
            current_password = session.User.Password,
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["full_name"], Is.EqualTo("All Parts"));
            Assert.That((string?)profile["current_email"], Is.EqualTo(newEmail));
            Assert.That(Profiles.Emails(profile), Is.EqualTo(new[] { (session.User.Email, false), (newEmail, true) }));
        }

        var login = await Api.LoginAsync(newEmail, NewPassword);
        Assert.That(login.UserId, Is.EqualTo(session.User.Id));
        using var oldPassword = await LoginAsync(newEmail, session.User.Password);
        await Expect.ProblemAsync(oldPassword, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Test]
    public async Task Update_WhenEmailIsNew_AppendsItAsCurrentAndUnverified()
    {
        var session = await Api.NewSessionAsync();
        var newEmail = Unique.Email("Appended");

        var profile = await Api.UpdateAsync(session.Token, new { email = newEmail, current_password = session.User.Password });

        var emails = profile["emails"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Profiles.Emails(profile), Is.EqualTo(new[] { (session.User.Email, false), (newEmail, true) }));
            Assert.That((bool?)emails[1]!["verified"], Is.False);
            Assert.That((string?)profile["current_email"], Is.EqualTo(newEmail), "kept as typed");
        }
    }

    [Test]
    public async Task Update_WhenEmailWasTheUsersBefore_MakesItCurrentAgain()
    {
        var session = await Api.NewSessionAsync();
        var second = Unique.Email("second");
        await Api.UpdateAsync(session.Token, new { email = second, current_password = session.User.Password });

        var profile = await Api.UpdateAsync(session.Token, new { email = $" {session.User.Email.ToUpperInvariant()} ", current_password = session.User.Password });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Profiles.Emails(profile), Is.EqualTo(new[] { (session.User.Email, true), (second, false) }));
            Assert.That((string?)profile["current_email"], Is.EqualTo(session.User.Email));
        }

        var login = await Api.LoginAsync(session.User.Email, session.User.Password);
        Assert.That(login.UserId, Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Update_WhenEmailIsAlreadyCurrent_KeepsTheHistoryAsItIs()
    {
        var session = await Api.NewSessionAsync();

        var profile = await Api.UpdateAsync(session.Token, new { email = session.User.Email.ToUpperInvariant(), current_password = session.User.Password });

        Assert.That(Profiles.Emails(profile), Is.EqualTo(new[] { (session.User.Email, true) }));
    }

    [Test]
    public async Task Update_WhenEmailIsSomebodyElsesCurrentOne_Returns409AndChangesNothingAtAll()
    {
        var session = await Api.NewSessionAsync();
        var other = await Api.RegisterAsync();
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new
        {
            full_name = "Should Not Stick",
            email = other.Email.ToUpperInvariant(),
            password = NewPassword,
            password_confirmation = NewPassword,
            current_password = session.User.Password,
        });

        await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "email_in_use");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
        var profile = await Api.GetUserAsync(session.Token);
        Assert.That((string?)profile["full_name"], Is.EqualTo(session.User.FullName));
        Assert.That((await Api.LoginAsync(session.User.Email, session.User.Password)).UserId, Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Update_WhenEmailIsSomebodyElsesPastOne_Returns409AndChangesNothing()
    {
        var session = await Api.NewSessionAsync();
        var other = await Api.NewSessionAsync();
        await Api.UpdateAsync(other.Token, new { email = Unique.Email("moved"), current_password = other.User.Password });
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new { full_name = "Nope", email = other.User.Email, current_password = session.User.Password });

        await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "email_in_use");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase("email")]
    [TestCase("password")]
    public async Task Update_WhenCredentialsChangeWithoutCurrentPassword_Returns400ValidationFailedAndChangesNothing(string part)
    {
        var session = await Api.NewSessionAsync();
        var before = await Api.StoreSnapshotAsync();
        object body = part == "email"
            ? new { full_name = "Nope", email = Unique.Email() }
            : new { full_name = "Nope", password = NewPassword, password_confirmation = NewPassword };

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, body);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain("current_password"));
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase("email")]
    [TestCase("password")]
    public async Task Update_WhenCurrentPasswordIsWrong_Returns400CurrentPasswordInvalidAndChangesNothing(string part)
    {
        var session = await Api.NewSessionAsync();
        // A wrong current_password is counted for the account (login_throttles), by design; nothing else changes.
        var before = await Api.StoreSnapshotExceptAsync("login_throttles");
        object body = part == "email"
            ? new { full_name = "Nope", email = Unique.Email(), current_password = "not my password" }
            : new { full_name = "Nope", password = NewPassword, password_confirmation = NewPassword, current_password = "not my password" };

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, body);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "current_password_invalid");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain("current_password"));
        Assert.That(await Api.StoreSnapshotExceptAsync("login_throttles"), Is.EqualTo(before));
    }

    [Test]
    public async Task Update_WhenPasswordConfirmationDiffers_Returns400ValidationFailedAndChangesNothing()
    {
        var session = await Api.NewSessionAsync();
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new
        {
            password = NewPassword,
            password_confirmation = NewPassword + "!",
            current_password = session.User.Password,
        });

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain("password_confirmation"));
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Update_WhenNewPasswordBreaksThePolicy_Returns400ValidationFailed()
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new
        {
            password = "short",
            password_confirmation = "short",
            current_password = session.User.Password,
        });

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain("password"));
    }

    [Test]
    public async Task Update_WhenNothingIsSent_Returns400ValidationFailed()
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new { });

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task Update_WhenPasswordChanges_LogsOutEveryOtherDeviceButKeepsTheCaller()
    {
        var phone = await Api.NewSessionAsync(description: "Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
        var tablet = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Tablet");

        var profile = await Api.UpdateAsync(phone.Token, new { password = NewPassword, password_confirmation = NewPassword, current_password = phone.User.Password });

        Assert.That(Profiles.DeviceIds(profile), Is.EqualTo(new[] { phone.DeviceId }));
        foreach (var other in new[] { laptop, tablet })
        {
            using var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", other.Token);
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
        }

        Assert.That((string?)(await Api.GetUserAsync(phone.Token))["id"], Is.EqualTo(phone.User.Id));
    }

    [Test]
    public async Task Update_WhenPasswordChanges_KeepsThePreviousHashInTheHistoryOnly()
    {
        var session = await Api.NewSessionAsync();
        const string Sql = "SELECT password_hash FROM users WHERE id = $id";
        var oldHash = await StoreSnapshot.ScalarAsync(Factory.DatabasePath, Sql, ("$id", session.User.Id));

        var profile = await Api.UpdateAsync(session.Token, new { password = NewPassword, password_confirmation = NewPassword, current_password = session.User.Password });

        var history = await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT password_history FROM users WHERE id = $id", ("$id", session.User.Id));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await StoreSnapshot.ScalarAsync(Factory.DatabasePath, Sql, ("$id", session.User.Id)), Is.Not.EqualTo(oldHash));
            Assert.That(System.Text.Json.JsonSerializer.Deserialize<string[]>(history!), Is.EqualTo(new[] { oldHash }));
            Assert.That(profile.ToJsonString(), Does.Not.Contain("history").And.Not.Contain("hash"));
        }
    }

    [Test]
    public async Task Update_WhenOnlyTheEmailChanges_KeepsEveryDeviceLoggedIn()
    {
        var phone = await Api.NewSessionAsync(description: "Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");

        await Api.UpdateAsync(phone.Token, new { email = Unique.Email(), current_password = phone.User.Password });

        Assert.That(Profiles.DeviceIds(await Api.GetUserAsync(laptop.Token)), Is.EquivalentTo(new[] { phone.DeviceId, laptop.DeviceId }));
    }

    [Test]
    public async Task Update_WhenOwnIdIsUsedInsteadOfMe_UpdatesTheCaller()
    {
        var session = await Api.NewSessionAsync();

        var profile = await Api.UpdateAsync(session.Token, new { full_name = "By Id" }, session.User.Id);

        Assert.That((string?)profile["full_name"], Is.EqualTo("By Id"));
    }

    [Test]
    public async Task Update_WhenANonMasterUpdatesAnotherUser_Returns403ForbiddenAndChangesNothing()
    {
        var session = await Api.NewSessionAsync();
        var victim = await Api.RegisterAsync();
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Put, $"/users/{victim.Id}", session.Token, new { full_name = "Hijacked" });

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Update_WhenMasterRenamesAnotherUser_NeedsNoPassword()
    {
        var user = await Api.NewSessionAsync();
        var master = await LoginAsMasterAsync();

        var profile = await Api.UpdateAsync(master.Token, new { full_name = "Renamed By Master" }, user.User.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["id"], Is.EqualTo(user.User.Id));
            Assert.That((string?)profile["full_name"], Is.EqualTo("Renamed By Master"));
            Assert.That(Profiles.DeviceIds(profile), Is.EqualTo(new[] { user.DeviceId }));
        }
    }

    [Test]
    public async Task Update_WhenMasterChangesAnotherUsersCredentials_TakesTheMastersOwnPasswordAndLogsTheUserOutEverywhere()
    {
        var user = await Api.NewSessionAsync();
        var master = await LoginAsMasterAsync();
        var newEmail = Unique.Email("by-master");

        var profile = await Api.UpdateAsync(master.Token, new
        {
            email = newEmail,
            password = NewPassword,
            password_confirmation = NewPassword,
            current_password = MasterPassword,
        }, user.User.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["current_email"], Is.EqualTo(newEmail));
            Assert.That(profile["devices"]!.AsArray(), Is.Empty);
        }

        using var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", user.Token);
        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
        Assert.That((await Api.LoginAsync(newEmail, NewPassword)).UserId, Is.EqualTo(user.User.Id));
        Assert.That((bool?)(await Api.GetUserAsync(master.Token))["is_master"], Is.True, "the master stays logged in");
    }

    [Test]
    public async Task Update_WhenMasterGivesTheUsersPasswordInsteadOfItsOwn_Returns400CurrentPasswordInvalid()
    {
        var user = await Api.NewSessionAsync();
        var master = await LoginAsMasterAsync();
        // A wrong current_password is counted for the account (login_throttles), by design; nothing else changes.
        var before = await Api.StoreSnapshotExceptAsync("login_throttles");

        using var response = await Api.SendAsync(HttpMethod.Put, $"/users/{user.User.Id}", master.Token, new
        {
            password = NewPassword,
            password_confirmation = NewPassword,
            current_password = user.User.Password,
        });

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "current_password_invalid");
        Assert.That(await Api.StoreSnapshotExceptAsync("login_throttles"), Is.EqualTo(before));
    }

    [Test]
    public async Task Update_WhenMasterUpdatesAnUnknownUser_Returns404UserNotFound()
    {
        var master = await LoginAsMasterAsync();

        using var response = await Api.SendAsync(HttpMethod.Put, $"/users/{Unique.Hex32()}", master.Token, new { full_name = "Nobody" });

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "user_not_found");
    }

    [Test]
    public async Task Update_WhenTokenIsPublic_Returns403Forbidden()
    {
        var token = await Api.PublicTokenAsync();

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/me", token.Token, new { full_name = "Anonymous" });

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        var device = await Api.PublicTokenAsync();
        return await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password, description = "Test device" });
    }
}
