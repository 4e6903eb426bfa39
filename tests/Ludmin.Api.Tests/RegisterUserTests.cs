using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>POST /users: registration with any valid token; addresses unique across everybody's history.</summary>
public sealed class RegisterUserTests : ApiTestBase
{
    [Test]
    public async Task Register_WhenValid_Returns201WithLocationAndTheFullProfile()
    {
        var token = await Api.PublicTokenAsync();
        var email = Unique.Email("Ann.Lee");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await Api.SendAsync(HttpMethod.Post, "/users", token.Token, new
        {
            full_name = "  Ann Lee ",
            email = $" {email} ",
            password = LudminApi.Password,
            password_confirmation = LudminApi.Password,
        });

        var profile = await Expect.JsonAsync(response, HttpStatusCode.Created);
        Profiles.AssertFull(profile);
        var id = (string)profile["id"]!;
        var emailEntry = profile["emails"]![0]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(id, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/users/{id}"));
            Assert.That((string?)profile["full_name"], Is.EqualTo("Ann Lee"));
            Assert.That((string?)profile["current_email"], Is.EqualTo(email), "kept as typed, trimmed");
            Assert.That(Profiles.Emails(profile), Is.EqualTo(new[] { (email, true) }));
            Assert.That((bool?)emailEntry["verified"], Is.False);
            Assert.That(profile["devices"]!.AsArray(), Is.Empty);
            Assert.That((bool?)profile["is_master"], Is.False);
            Assert.That(DateTimeOffset.Parse((string)profile["created_at"]!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(before));
            Assert.That((string?)profile["updated_at"], Is.EqualTo((string?)profile["created_at"]));
        }
    }

    [Test]
    public async Task Register_WhenDone_TheLocationServesTheSameProfileToTheUser()
    {
        var token = await Api.PublicTokenAsync();
        var email = Unique.Email();
        using var response = await Api.SendAsync(HttpMethod.Post, "/users", token.Token, new { full_name = "Ann Lee", email, password = LudminApi.Password, password_confirmation = LudminApi.Password });
        var created = await Expect.JsonAsync(response, HttpStatusCode.Created);
        var login = await Api.LoginAsync(email, LudminApi.Password);

        using var located = await Api.SendAsync(HttpMethod.Get, response.Headers.Location!.OriginalString, login.Token);

        var profile = await Expect.JsonAsync(located, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["id"], Is.EqualTo((string?)created["id"]));
            Assert.That((string?)profile["current_email"], Is.EqualTo(email));
        }
    }

    [Test]
    public async Task Register_WhenDone_StoresAnArgon2HashAndNeverThePassword()
    {
        var user = await Api.RegisterAsync(password: "a very particular password");

        var snapshot = await Api.StoreSnapshotAsync();

        Assert.That(snapshot, Does.Contain(user.Id).And.Not.Contain("a very particular password").And.Contain("$argon2id$"));
    }

    [Test]
    public async Task Register_WhenSentWithAUserToken_Registers()
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendRegistrationAsync(session.Token, Unique.Email(), fullName: "Second Account");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Register_WhenNoTokenIsSent_Returns401TokenMissingAndStoresNothing()
    {
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/users", json: new
        {
            full_name = "Ann Lee",
            email = Unique.Email(),
            password = LudminApi.Password,
            password_confirmation = LudminApi.Password,
        });

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_missing");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    // Issue 23, finding 8: spellings of one mailbox that Unicode allows were two accounts.
    [TestCase("jos\u00E9-{0}@example.com", "jose\u0301-{0}@example.com", TestName = "Register_WhenTakenInNfdAfterNfc_Returns409EmailInUse")]
    [TestCase("jose\u0301-{0}@example.com", "JOS\u00C9-{0}@example.com", TestName = "Register_WhenTakenInNfcCapitalsAfterNfd_Returns409EmailInUse")]
    [TestCase("\uFF41dmin-{0}@example.com", "admin-{0}@example.com", TestName = "Register_WhenTakenInAsciiAfterFullwidth_Returns409EmailInUse")]
    [TestCase("admin-{0}@example.com", "\uFF41dmin-{0}@example.com", TestName = "Register_WhenTakenInFullwidthAfterAscii_Returns409EmailInUse")]
    [TestCase("joe-{0}@b\u00FCcher.example", "joe-{0}@xn--bcher-kva.example", TestName = "Register_WhenTakenAsPunycodeAfterUnicodeDomain_Returns409EmailInUse")]
    [TestCase("joe-{0}@xn--bcher-kva.example", "joe-{0}@B\u00DCCHER.example", TestName = "Register_WhenTakenAsUnicodeDomainAfterPunycode_Returns409EmailInUse")]
    public async Task Register_WhenTakenInAnotherSpellingOfTheSameMailbox_Returns409EmailInUse(string first, string second)
    {
        var unique = Guid.NewGuid().ToString("N");
        await Api.RegisterAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, first, unique));

        await AssertRefusedAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, second, unique), HttpStatusCode.Conflict, "email_in_use", "email");
    }

    [Test]
    public async Task Register_WhenEmailIsTaken_Returns409EmailInUse()
    {
        var existing = await Api.RegisterAsync();

        await AssertRefusedAsync(existing.Email, HttpStatusCode.Conflict, "email_in_use", "email");
    }

    [TestCase("upper")]
    [TestCase("spaces")]
    [TestCase("both")]
    public async Task Register_WhenEmailIsTakenInAnotherCaseOrWithSpaces_Returns409EmailInUse(string variant)
    {
        var existing = await Api.RegisterAsync(Unique.Email("Mixed.Case"));
        var email = variant switch
        {
            "upper" => existing.Email.ToUpperInvariant(),
            "spaces" => $"  {existing.Email}\t",
            _ => $" {existing.Email.ToLowerInvariant()} ",
        };

        await AssertRefusedAsync(email, HttpStatusCode.Conflict, "email_in_use", "email");
    }

    [Test]
    public async Task Register_WhenEmailIsAPastEmailOfAnotherUser_Returns409EmailInUse()
    {
        var session = await Api.NewSessionAsync();
        await Api.UpdateAsync(session.Token, new { email = Unique.Email("moved"), current_password = session.User.Password });

        await AssertRefusedAsync(session.User.Email, HttpStatusCode.Conflict, "email_in_use", "email");
    }

    [Test]
    public async Task Register_WhenManyRaceForOneEmail_ExactlyOneWins()
    {
        var email = Unique.Email("race");
        var token = await Api.PublicTokenAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Api.SendAsync(HttpMethod.Post, "/users", token.Token, new
        {
            full_name = $"Racer {i}",
            email,
            password = LudminApi.Password,
            password_confirmation = LudminApi.Password,
        })));

        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToArray();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), string.Join(", ", statuses));
                Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(5), string.Join(", ", statuses));
            }

            Assert.That(
                await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT COUNT(*) FROM user_emails WHERE normalized = $email", ("$email", email)),
                Is.EqualTo("1"));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Test]
    public async Task Register_WhenConfirmationDiffers_Returns400ValidationFailedOnTheConfirmation()
    {
        var problem = await AssertRefusedAsync(Unique.Email(), HttpStatusCode.BadRequest, "validation_failed", "password_confirmation", confirmation: "something else");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "password_confirmation" }));
    }

    [Test]
    public async Task Register_WhenPasswordIsShorterThanEight_Returns400ValidationFailedOnThePassword() =>
        await AssertRefusedAsync(Unique.Email(), HttpStatusCode.BadRequest, "validation_failed", "password", password: "1234567");

    [Test]
    public async Task Register_WhenPasswordIsLongerThan128_Returns400ValidationFailedOnThePassword() =>
        await AssertRefusedAsync(Unique.Email(), HttpStatusCode.BadRequest, "validation_failed", "password", password: new string('p', 129));

    [TestCase("no-at-sign")]
    [TestCase("two@@example.com")]
    [TestCase("ann@localhost")]
    [TestCase("<ann@example.com>")]
    public async Task Register_WhenEmailIsMalformed_Returns400ValidationFailedOnTheEmail(string email) =>
        await AssertRefusedAsync(email, HttpStatusCode.BadRequest, "validation_failed", "email");

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("Ann\u202ELee")]
    public async Task Register_WhenFullNameIsBlankOrHasControls_Returns400ValidationFailedOnTheName(string fullName) =>
        await AssertRefusedAsync(Unique.Email(), HttpStatusCode.BadRequest, "validation_failed", "full_name", fullName: fullName);

    [Test]
    public async Task Register_WhenFullNameIsLongerThan100_Returns400ValidationFailedOnTheName() =>
        await AssertRefusedAsync(Unique.Email(), HttpStatusCode.BadRequest, "validation_failed", "full_name", fullName: new string('n', 101));

    /// <summary>Sends a registration that must be refused, and checks that nothing was stored.</summary>
    private async Task<System.Text.Json.Nodes.JsonNode> AssertRefusedAsync(
        string email,
        HttpStatusCode status,
        string code,
        string field,
        string fullName = "Ann Lee",
        string password = LudminApi.Password,
        string? confirmation = null)
    {
        var token = await Api.PublicTokenAsync();
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/users", token.Token, new
        {
            full_name = fullName,
            email,
            password,
            password_confirmation = confirmation ?? password,
        });

        var problem = await Expect.ProblemAsync(response, status, code);
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
        return problem;
    }
}
