using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Two API instances over one store, as a load balancer spreads requests: what one instance ends
/// or changes, the other honours on the very next request, because every check reads the store.
/// </summary>
[TestFixture(TestStore.Sqlite)]
[TestFixture(TestStore.Postgres)]
public sealed class TwoInstanceSessionTests(TestStore store) : ApiTestBase
{
    private LudminFactory _second = null!;
    private LudminApi _other = null!;

    protected override TestStore Store => store;

    [OneTimeSetUp]
    public void StartSecondInstance()
    {
        _second = new LudminFactory(LudminFactoryOptions.SecondInstanceOf(Factory));
        _other = new LudminApi(_second);
    }

    [OneTimeTearDown]
    public async Task StopSecondInstanceAsync() => await _second.DisposeAsync();

    [Test]
    public async Task Readiness_OfBothInstances_NamesTheStoreTheyShare()
    {
        var expected = store == TestStore.Postgres ? "PostgreSQL" : "SQLite";
        foreach (var api in new[] { Api, _other })
        {
            using var response = await api.SendAsync(HttpMethod.Get, "/health/ready");
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)body["checks"]?["store"]?["description"], Does.StartWith(expected));
        }
    }

    [Test]
    public async Task Logout_OnOneInstance_IsRefusedOnTheNextRequestOnTheOther()
    {
        var phone = await Api.NewSessionAsync("two.instances", "Phone");
        Assert.That((string?)(await _other.GetUserAsync(phone.Token))["id"], Is.EqualTo(phone.User.Id), "the other instance serves the session");

        using (var logout = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{phone.DeviceId}", phone.Token))
        {
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var refused = await _other.SendAsync(HttpMethod.Get, "/users/me", phone.Token);
        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
    }

    [Test]
    public async Task RegisterOnBoth_WithOneAddressAtOnce_CreatesOneUser()
    {
        var email = Unique.Email("two.instances");
        var devices = await Task.WhenAll(Api.PublicTokenAsync(), _other.PublicTokenAsync());

        var answers = await Task.WhenAll(
            Api.SendRegistrationAsync(devices[0].Token, email),
            _other.SendRegistrationAsync(devices[1].Token, email));

        var statuses = answers.Select(a => a.StatusCode).Order().ToList();
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
    }
}
