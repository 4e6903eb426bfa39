using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The hostile-input suite's lockout cases (finding 3 of issue 23; <see cref="HostileInputTests"/>
/// holds the malformed-input ones): a stranger who knows an address cannot keep its owner from resetting
/// the password. With the shipped limits on and every request from a client address: repeated
/// requests send the live code again rather than replacing it, past the per-email allowance a
/// request is answered 202 and sends nothing, and wrong codes are counted per client address
/// (5, then that address is refused) as well as per code in all (20, then the code is void).
/// </summary>
public sealed class HostileLockoutTests : ClockedApiTestBase
{
    private const string NewPassword = "owner's new password 1";
    private const int RequestsPerEmail = 3;
    private const int TriesPerAddress = 5;
    private const int TriesPerCode = 20;

    protected override LudminFactoryOptions FactoryOptions => new() { Clock = Clock, RateLimits = true, ClientAddresses = true };

    [Test]
    public async Task Reset_AfterAStrangersRequestsWrongCodesAndWrongLogins_TheOwnerFromAnotherAddressStillResetsAndLogsIn()
    {
        var owner = await Api.RegisterAsync();
        var stranger = Api.From(Unique.ClientAddress());
        for (var i = 0; i < RequestsPerEmail; i++)
        {
            await RequestAsync(stranger, owner.Email);
        }

        var code = await Api.ReadNewestResetCodeAsync(owner.Email);
        for (var i = 0; i < TriesPerAddress; i++)
        {
            using var wrong = await CompleteAsync(stranger, owner.Email, OtherCode(code, i + 1));
            await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "reset_code_invalid");
            using var login = await LoginAsync(stranger, owner.Email, "not the password 1");
            await Expect.ProblemAsync(login, HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var blocked = await LoginAsync(Api.From(Unique.ClientAddress()), owner.Email, owner.Password))
        {
            await Expect.ProblemAsync(blocked, HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var ownerClient = Api.From(Unique.ClientAddress());
        await RequestAsync(ownerClient, owner.Email);
        var delivered = await Api.ReadNewestResetCodeAsync(owner.Email);
        using (var reset = await CompleteAsync(ownerClient, owner.Email, delivered, NewPassword))
        {
            await Expect.EmptyAsync(reset, HttpStatusCode.NoContent);
        }

        using var loggedIn = await LoginAsync(ownerClient, owner.Email, NewPassword);
        Assert.That(loggedIn.StatusCode, Is.EqualTo(HttpStatusCode.Created), await loggedIn.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task RequestReset_WhileTheCodeLives_DeliversTheSameCodeAndOnceItExpiredANewOne()
    {
        var user = await Api.RegisterAsync();
        var first = await Api.From(Unique.ClientAddress()).RequestResetCodeAsync(user.Email);

        var again = await Api.From(Unique.ClientAddress()).RequestResetCodeAsync(user.Email);
        Clock.Advance(TimeSpan.FromMinutes(15));
        var afterExpiry = await Api.From(Unique.ClientAddress()).RequestResetCodeAsync(user.Email);

        Assert.That(again, Is.EqualTo(first));
        using var withExpired = await CompleteAsync(Api.From(Unique.ClientAddress()), user.Email, first == afterExpiry ? OtherCode(first, 1) : first);
        await Expect.ProblemAsync(withExpired, HttpStatusCode.BadRequest, "reset_code_invalid");
        using var withNew = await CompleteAsync(Api.From(Unique.ClientAddress()), user.Email, afterExpiry);
        await Expect.EmptyAsync(withNew, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task RequestReset_PastThePerEmailAllowance_Answers202AndSendsNothingNew()
    {
        var user = await Api.RegisterAsync();
        for (var i = 0; i < RequestsPerEmail; i++)
        {
            await RequestAsync(Api.From(Unique.ClientAddress()), user.Email);
        }

        // The work runs in order after the answers: once a later request's code is out, every earlier one's turn has passed.
        await WaitForEarlierRequestsAsync();
        var delivered = DeliveredTo(user.Email);

        await RequestAsync(Api.From(Unique.ClientAddress()), user.Email);

        await WaitForEarlierRequestsAsync();
        Assert.That(delivered, Is.GreaterThan(0), "the requests within the allowance delivered the code");
        Assert.That(DeliveredTo(user.Email), Is.EqualTo(delivered));
    }

    [Test]
    public async Task CompleteReset_WhenOneAddressHasSpentItsTries_RefusesItEvenTheRightCodeButTakesItFromAnother()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);
        var stranger = Api.From(Unique.ClientAddress());
        for (var i = 0; i < TriesPerAddress; i++)
        {
            using var wrong = await CompleteAsync(stranger, user.Email, OtherCode(code, i + 1));
            await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "reset_code_invalid");
        }

        using (var refused = await CompleteAsync(stranger, user.Email, code))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "reset_code_invalid");
        }

        using var response = await CompleteAsync(Api.From(Unique.ClientAddress()), user.Email, code);
        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task CompleteReset_WhenAnAddressIsOverItsTries_RefusesItForEveryAccountUntilTheWindowPasses()
    {
        var stranger = Api.From(Unique.ClientAddress());
        for (var i = 0; i < TriesPerAddress; i++)
        {
            using var wrong = await CompleteAsync(stranger, Unique.Email("nobody"), "123456");
            await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "reset_code_invalid");
        }

        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);
        using (var refused = await CompleteAsync(stranger, user.Email, code))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "reset_code_invalid");
        }

        Clock.Advance(TimeSpan.FromMinutes(15));
        var fresh = await Api.RequestResetCodeAsync(user.Email);
        using var served = await CompleteAsync(stranger, user.Email, fresh);
        await Expect.EmptyAsync(served, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task CompleteReset_WhenWrongCodesComeFromManyAddresses_VoidsTheCodeAfterTwentyInAll()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);
        for (var i = 0; i < TriesPerCode; i++)
        {
            using var wrong = await CompleteAsync(Api.From(Unique.ClientAddress()), user.Email, OtherCode(code, (i % 9) + 1));
            await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "reset_code_invalid");
        }

        using var response = await CompleteAsync(Api.From(Unique.ClientAddress()), user.Email, code);

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid");
        using var login = await LoginAsync(Api.From(Unique.ClientAddress()), user.Email, user.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the password is unchanged");
    }

    private static async Task RequestAsync(LudminApi from, string email)
    {
        var token = await from.PublicTokenAsync();
        using var response = await from.SendAsync(HttpMethod.Post, "/users/reset", token.Token, new { email });
        await Expect.EmptyAsync(response, HttpStatusCode.Accepted);
    }

    private static async Task<HttpResponseMessage> CompleteAsync(LudminApi from, string email, string code, string password = NewPassword)
    {
        var token = await from.PublicTokenAsync();
        return await from.SendAsync(HttpMethod.Put, "/users/reset", token.Token, new { email, code, password, password_confirmation = password });
    }

    private static async Task<HttpResponseMessage> LoginAsync(LudminApi from, string email, string password)
    {
        var token = await from.PublicTokenAsync();
        return await from.SendAsync(HttpMethod.Post, "/tokens", token.Token, new { email, password, description = "Test device" });
    }

    private async Task WaitForEarlierRequestsAsync() =>
        await Api.From(Unique.ClientAddress()).RequestResetCodeAsync((await Api.RegisterAsync()).Email);

    private int DeliveredTo(string email) =>
        ResetCodePickup.ReadAll(Factory.PickupDirectory).Count(f => string.Equals(f.Email, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>A six-digit code that is not <paramref name="code"/>.</summary>
    private static string OtherCode(string code, int shift) =>
        string.Concat(code.Select((c, i) => i == 0 ? (char)('0' + ((c - '0' + shift) % 10)) : c));
}
