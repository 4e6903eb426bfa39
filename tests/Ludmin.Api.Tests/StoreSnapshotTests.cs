using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>The snapshot the "changes nothing" assertions rely on: it must see every table, the failed-login counts too.</summary>
public sealed class StoreSnapshotTests : ApiTestBase
{
    [Test]
    public async Task TableNames_WhenTheStoreIsMigrated_IncludeEveryLudminTable()
    {
        var tables = await StoreSnapshot.TableNamesAsync(Factory.DatabasePath);

        Assert.That(tables, Is.SupersetOf(new[] { "users", "user_emails", "user_devices", "password_resets", "login_throttles" }));
    }

    [Test]
    public async Task Take_WhenEveryTableIsListed_NamesEachOfThemInTheSnapshot()
    {
        var tables = await StoreSnapshot.TableNamesAsync(Factory.DatabasePath);

        var snapshot = await Api.StoreSnapshotAsync();

        Assert.That(tables.Where(t => !snapshot.Contains($"== {t} (", StringComparison.Ordinal)), Is.Empty, snapshot);
    }

    [Test]
    public async Task Take_WhenAFailedLoginIsCounted_Differs()
    {
        var device = await Api.PublicTokenAsync();
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = Unique.Email("nobody"), password = "wrong password 1" });

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.That(await Api.StoreSnapshotAsync(), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task TakeExcept_WhenOnlyTheExceptedTableChanged_IsEqual()
    {
        var device = await Api.PublicTokenAsync();
        var before = await Api.StoreSnapshotExceptAsync("login_throttles");

        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = Unique.Email("nobody"), password = "wrong password 1" });

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.That(await Api.StoreSnapshotExceptAsync("login_throttles"), Is.EqualTo(before));
    }
}
