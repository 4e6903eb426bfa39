using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Requests racing on one user: every write is guarded by a version, so a request either lands
/// whole or is answered 409 concurrent_update; none is silently lost, and no logout is undone.
/// </summary>
public sealed class ConcurrencyTests : ApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { ClientAddresses = true };

    private const int Racers = 8;

    [Test]
    public async Task Login_WhenManyDevicesLogInAtOnce_LinksExactlyThoseThatSucceeded()
    {
        var user = await Api.RegisterAsync();
        var devices = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Api.PublicTokenAsync()));

        var responses = await Task.WhenAll(devices.Select(d =>
            Api.SendAsync(HttpMethod.Post, "/tokens", d.Token, new { email = user.Email, password = user.Password, description = d.DeviceId })));

        var succeeded = new List<string>();
        for (var i = 0; i < Racers; i++)
        {
            using var response = responses[i];
            if (response.StatusCode == HttpStatusCode.Created)
            {
                succeeded.Add(devices[i].DeviceId);
            }
            else
            {
                await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "concurrent_update");
            }
        }

        var any = await Api.LoginAsync(user.Email, user.Password, "Checker");
        var linked = Profiles.DeviceIds(await Api.GetUserAsync(any.Token)).Where(id => id != any.DeviceId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(succeeded, Is.Not.Empty);
            Assert.That(linked, Is.EquivalentTo(succeeded));
        }
    }

    [Test]
    public async Task Update_WhenManyRenamesRace_KeepsOneOfTheAcceptedNames()
    {
        var session = await Api.NewSessionAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
            Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new { full_name = $"Name {i}" })));

        var accepted = new List<string>();
        for (var i = 0; i < Racers; i++)
        {
            using var response = responses[i];
            if (response.StatusCode == HttpStatusCode.OK)
            {
                accepted.Add($"Name {i}");
            }
            else
            {
                await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "concurrent_update");
            }
        }

        Assert.That(accepted, Does.Contain((string?)(await Api.GetUserAsync(session.Token))["full_name"]));
    }

    [Test]
    public async Task Refresh_WhenRacingALogoutOfItsDevice_NeverBringsTheDeviceBack()
    {
        var phone = await Api.NewSessionAsync(description: "Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");

        var refreshes = Enumerable.Range(0, Racers).Select(_ => Api.SendAsync(HttpMethod.Get, $"/tokens/{laptop.DeviceId}", laptop.Token)).ToList();
        var logout = Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", phone.Token);
        var all = await Task.WhenAll(refreshes.Append(logout));

        using var logoutResponse = all[^1];
        foreach (var refresh in all[..^1])
        {
            using (refresh)
            {
                Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.Conflict), await refresh.Content.ReadAsStringAsync());
            }
        }

        if (logoutResponse.StatusCode == HttpStatusCode.NoContent)
        {
            Assert.That(Profiles.DeviceIds(await Api.GetUserAsync(phone.Token)), Is.EqualTo(new[] { phone.DeviceId }));
            using var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", laptop.Token);
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
        }
        else
        {
            await Expect.ProblemAsync(logoutResponse, HttpStatusCode.Conflict, "concurrent_update");
        }
    }

    [Test]
    public async Task CompleteReset_WhenManyWrongCodesArriveAtOnce_CountsEnoughOfThemToVoidTheCode()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);
        var wrong = Enumerable.Range(1, 9).Select(shift => (char)('0' + ((code[0] - '0' + shift) % 10)) + code[1..]).ToArray();

        // More wrong tries than a code takes from all addresses together (20), each from an address of its own.
        var responses = await Task.WhenAll(wrong.Concat(wrong).Concat(wrong).Select(w => Api.CompleteResetAsync(user.Email, w, "guessed password 1")));
        foreach (var response in responses)
        {
            using (response)
            {
                await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid");
            }
        }

        using var right = await Api.CompleteResetAsync(user.Email, code, "guessed password 1");

        await Expect.ProblemAsync(right, HttpStatusCode.BadRequest, "reset_code_invalid");
        Assert.That((await Api.LoginAsync(user.Email, user.Password)).UserId, Is.EqualTo(user.Id));
    }
}
