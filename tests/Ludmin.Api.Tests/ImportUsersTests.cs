using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;
using Ludmin.Domain.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>
/// POST /users/import: masters only, at most 1,000 users a call, one result per user in order,
/// <c>exists</c> for any address held now or before (so a repeated call creates nobody twice),
/// <c>invalid</c> rows that never fail the others, no hash in any answer or log, a security
/// event a call, and the users it makes: no devices, the address verified only when said so, a
/// password reset as the only way in without a hash, the imported hash never kept in the history.
/// </summary>
public sealed class ImportUsersTests : MasterApiTestBase
{
    private const string Bcrypt = "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO";
    private const string BcryptPassword = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private readonly LogCapture _logs = new();
    private string _master = null!;

    protected override LudminFactoryOptions FactoryOptions => new() { MasterEmail = MasterEmail, MasterPassword = MasterPassword, Logs = _logs };

    [OneTimeSetUp]
    public async Task LogInAsMaster() => _master = (await LoginAsMasterAsync()).Token;

    [Test]
    public async Task Import_AMixOfRows_AnswersEachInTheOrderSent()
    {
        var taken = await Api.RegisterAsync();
        var fresh = Unique.Email("imported");
        var users = new object[]
        {
            new { full_name = "Ivy New", email = fresh, password_hash = Bcrypt },
            new { full_name = "Ivy Taken", email = taken.Email.ToUpperInvariant(), password_hash = Bcrypt },
            new { full_name = "Ivy Bad", email = "not an address" },
            new { full_name = "", email = Unique.Email("imported") },
            new { full_name = "Ivy Hash", email = Unique.Email("imported"), password_hash = "md5$abc$def" },
            new { full_name = "Ivy Costly", email = Unique.Email("imported"), password_hash = "$2b$15$" + Bcrypt[7..] },
            new { full_name = "Ivy Future", email = Unique.Email("imported"), created_at = "2999-01-01T00:00:00Z" },
            new { full_name = "Ivy Twice", email = fresh },
        };

        var results = await ImportAsync(users);

        Assert.That(results.Select(r => Describe(r!)), Is.EqualTo(new[]
        {
            "created", "exists", "invalid email_invalid email", "invalid full_name_invalid full_name",
            "invalid hash_unsupported password_hash", "invalid hash_too_costly password_hash", "invalid created_at_invalid created_at", "exists",
        }));
        Assert.That((string?)results[0]!["user_id"], Is.EqualTo((await StoredAsync(fresh)).Id.Value));
        Assert.That((string?)results[1]!["email"], Is.EqualTo(taken.Email.ToUpperInvariant()), "the address as sent");
    }

    [Test]
    public async Task Import_RepeatedAfterATimeout_CreatesNobodyTwice()
    {
        var users = Enumerable.Range(0, 3).Select(_ => new { full_name = "Ivy Again", email = Unique.Email("imported"), password_hash = Bcrypt }).ToArray();
        var first = await ImportAsync(users);

        var again = await ImportAsync(users);

        Assert.That(first.Select(r => (string?)r!["status"]), Is.All.EqualTo("created"));
        Assert.That(again.Select(r => (string?)r!["status"]), Is.All.EqualTo("exists"));
        Assert.That(again.Select(r => r!["user_id"]), Is.All.Null);
    }

    [Test]
    public async Task Import_AnAddressSomebodyHeldBefore_IsAnsweredExists()
    {
        var session = await Api.NewSessionAsync("held");
        await Api.UpdateAsync(session.Token, new { email = Unique.Email("moved"), current_password = session.User.Password });

        var results = await ImportAsync([new { full_name = "Ivy Past", email = session.User.Email }]);

        Assert.That((string?)results[0]!["status"], Is.EqualTo("exists"));
    }

    [Test]
    public async Task Import_MoreThanAThousandUsers_IsRefusedOnUsers()
    {
        var users = Enumerable.Range(0, 1001).Select(i => new { full_name = "Ivy Many", email = $"many{i}@example.com" }).ToArray();

        using var response = await Api.SendAsync(HttpMethod.Post, "/users/import", _master, new { users });

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "users" }), problem.ToJsonString());
        Assert.That(await StoredOrNullAsync("many0@example.com"), Is.Null);
    }

    [Test]
    public async Task Import_AThousandUsersWithLongHashes_IsTakenThoughOtherBodiesStopAt16KiB()
    {
        var hash = ImportedHash.All().First(h => h.Format == "passlib-pbkdf2-sha512").Hash;
        var users = Enumerable.Range(0, 1000)
            .Select(_ => new { full_name = new string('N', 100), email = Unique.Email("bulk"), email_verified = true, password_hash = hash, created_at = "2020-01-02T03:04:05Z" })
            .ToArray();

        var results = await ImportAsync(users);

        Assert.That(results.Select(r => (string?)r!["status"]), Is.All.EqualTo("created"));
        using var elsewhere = await Api.SendContentAsync(
            HttpMethod.Post, "/tokens/public", null, new StringContent("{\"device_id\":\"" + new string('a', 20_000) + "\"}", Encoding.UTF8, "application/json"));
        await Expect.ProblemAsync(elsewhere, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Test]
    public async Task Import_ByAUserWhoIsNoMaster_IsForbidden()
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/users/import", session.Token, new { users = new[] { new { full_name = "Ivy", email = Unique.Email() } } });

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ImportedUser_HasNoDevicesAndTheAddressVerifiedOnlyWhenSaid()
    {
        var verified = Unique.Email("imported");
        var unverified = Unique.Email("imported");
        await ImportAsync([
            new { full_name = "Ivy Verified", email = verified, email_verified = true, created_at = "2019-05-06T07:08:09.123+02:00" },
            new { full_name = "Ivy Unverified", email = unverified },
        ]);

        var first = await StoredAsync(verified);
        var second = await StoredAsync(unverified);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Devices, Is.Empty);
            Assert.That(first.Emails.Single().IsVerified, Is.True);
            Assert.That(first.CreatedAt, Is.EqualTo(DateTimeOffset.Parse("2019-05-06T05:08:09.123Z", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(second.Emails.Single().IsVerified, Is.False);
            Assert.That(second.IsMaster, Is.False);
        }
    }

    [Test]
    public async Task ImportedUserWithoutAHash_GetsInOnlyThroughAReset()
    {
        var email = Unique.Email("imported");
        await ImportAsync([new { full_name = "Ivy Reset", email }]);
        var device = await Api.PublicTokenAsync();
        foreach (var guess in new[] { "", "!imported:none:", "none", LudminApi.Password })
        {
            using var refused = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password = guess });
            Assert.That((int)refused.StatusCode, Is.AnyOf(400, 401), guess);
        }

        var code = await Api.RequestResetCodeAsync(email);
        using (var reset = await Api.CompleteResetAsync(email, code, LudminApi.Password))
        {
            await Expect.EmptyAsync(reset, HttpStatusCode.NoContent);
        }

        await Api.LoginAsync(email, LudminApi.Password);
        var user = await StoredAsync(email);
        Assert.That(user.PasswordHistory, Is.Empty, "no hash to keep");
        Assert.That(user.PasswordHash.IsImported, Is.False);
    }

    [Test]
    public async Task PasswordChange_OfAnImportedUser_ChecksTheImportedHashAndKeepsItOutOfTheHistory()
    {
        var email = Unique.Email("imported");
        await ImportAsync([new { full_name = "Ivy Change", email, password_hash = Bcrypt }]);
        var session = await LoginWithoutUpgradeAsync(email);

        await Api.UpdateAsync(session, new { password = "a new password 123", password_confirmation = "a new password 123", current_password = BcryptPassword });

        var user = await StoredAsync(email);
        Assert.That(user.PasswordHistory, Is.Empty, "the bcrypt hash is replaced, not kept");
        Assert.That(user.PasswordHash.Value, Does.StartWith("$argon2id$"));
        await Api.LoginAsync(email, "a new password 123");
    }

    [Test]
    public async Task PasswordChange_AgainstAnImportedHash_UpgradesItWhenThePasswordStays()
    {
        var email = Unique.Email("imported");
        await ImportAsync([new { full_name = "Ivy Rename", email, password_hash = Bcrypt }]);
        var session = await LoginWithoutUpgradeAsync(email);

        await Api.UpdateAsync(session, new { email = Unique.Email("renamed"), current_password = BcryptPassword });

        var user = await StoredByIdAsync(await IdOfAsync(session));
        Assert.That(user.PasswordHash.Value, Does.StartWith("$argon2id$"));
        Assert.That(user.PasswordHistory, Is.Empty);
    }

    [Test]
    public async Task Import_WritesOneSecurityEventWithWhoAndHowMany_AndNoHashAnywhere()
    {
        var before = _logs.Entries.Count(e => e.EventId.Id == 1060);
        var taken = await Api.RegisterAsync();

        await ImportAsync([
            new { full_name = "Ivy Log", email = Unique.Email("imported"), password_hash = Bcrypt },
            new { full_name = "Ivy Log", email = taken.Email, password_hash = Bcrypt },
            new { full_name = "Ivy Log", email = "bad", password_hash = Bcrypt },
        ]);

        var entries = _logs.Entries.Where(e => e.EventId.Id == 1060).Skip(before).ToList();
        Assert.That(entries, Has.Count.EqualTo(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries[0].Category, Is.EqualTo(SecurityEvent.Category));
            Assert.That(entries[0].Property("Sent"), Is.EqualTo("3"));
            Assert.That(entries[0].Property("Created"), Is.EqualTo("1"));
            Assert.That(entries[0].Property("Existing"), Is.EqualTo("1"));
            Assert.That(entries[0].Property("UserId"), Is.Not.Empty);
            Assert.That(_logs.AllText, Does.Not.Contain(Bcrypt[7..29]), "no hash, nor its salt, in any log");
        }
    }

    private async Task<JsonArray> ImportAsync(object[] users)
    {
        using var response = await Api.SendAsync(HttpMethod.Post, "/users/import", _master, new { users });
        var body = await Expect.JsonAsync(response, HttpStatusCode.OK);
        var results = body["results"]!.AsArray();
        Assert.That(results, Has.Count.EqualTo(users.Length));
        return results;
    }

    /// <summary>A session of the user made before any login upgraded the hash: logs in, then puts the imported hash back.</summary>
    private async Task<string> LoginWithoutUpgradeAsync(string email)
    {
        var login = await Api.LoginAsync(email, BcryptPassword);
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserRepository>();
        var user = (await users.FindByEmailAsync(EmailAddress.Create(email), CancellationToken.None))!;
        user.UpgradePasswordHash(PasswordHash.Imported("bcrypt", Bcrypt));
        await users.UpdateAsync(user, CancellationToken.None);
        return login.Token;
    }

    private async Task<string> IdOfAsync(string token) => (string)(await Api.GetUserAsync(token))["id"]!;

    private static string Describe(JsonNode result) =>
        string.Join(' ', new[] { (string?)result["status"], (string?)result["code"], (string?)result["field"] }.Where(s => s is not null));

    private async Task<User> StoredAsync(string email) => (await StoredOrNullAsync(email))!;

    private async Task<User?> StoredOrNullAsync(string email)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindByEmailAsync(EmailAddress.Create(email), CancellationToken.None);
    }

    private async Task<User> StoredByIdAsync(string id)
    {
        using var scope = Factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindByIdAsync(UserId.Parse(id), CancellationToken.None))!;
    }
}
