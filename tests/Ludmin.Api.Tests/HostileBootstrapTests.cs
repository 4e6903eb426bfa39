using System.Net;
using Ludmin.Api.Tests.Support;
using Ludmin.Application.Users.PromoteMaster;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>
/// Part of the hostile-input suite (<see cref="HostileInputTests"/>): the bootstrap settings stay
/// set, as the docs advise, while somebody else comes to hold their address. The address alone
/// must never make its holder a master at the next start: a store with a master is left alone,
/// and an existing account is promoted only when the configured password is its own.
/// </summary>
public sealed class HostileBootstrapTests
{
    private const string RootEmail = "root@example.com";
    private const string RootPassword = "root password 123";
    private const string StrangersPassword = "stranger password 456";

    [Test]
    public async Task Start_WhenTheBootstrapMasterClosedItsAccountAndAStrangerRegisteredItsAddress_PromotesNobodyAndSaysWhy()
    {
        await using var first = new LudminFactory(new LudminFactoryOptions { MasterEmail = RootEmail, MasterPassword = RootPassword });
        var api = new LudminApi(first);
        var colleague = await api.RegisterAsync();
        await PromoteAsync(first, colleague.Email);
        var root = await api.LoginAsync(RootEmail, RootPassword);
        using (var closed = await api.SendAsync(HttpMethod.Delete, "/users/me", root.Token, new { current_password = RootPassword }))
        {
            Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await api.RegisterAsync(RootEmail, StrangersPassword, "Stranger");

        var logs = new LogCapture();
        await using var next = Restart(first, logs);

        var stranger = await new LudminApi(next).LoginAsync(RootEmail, StrangersPassword);
        Assert.That(TestTokens.Allowed(stranger.Token), Is.EqualTo(new[] { "basics" }));
        Assert.That(logs.Entries.Select(e => e.EventId.Name), Does.Contain("MasterBootstrapSkipped").And.No.Contain("MasterBootstrapped"));
    }

    [Test]
    public async Task Start_WhenAStrangerHoldsTheAddressAndTheStoreHasNoMaster_PromotesNobodyAndSaysWhy()
    {
        await using var first = new LudminFactory();
        await new LudminApi(first).RegisterAsync(RootEmail, StrangersPassword, "Stranger");

        var logs = new LogCapture();
        await using var next = Restart(first, logs);

        var stranger = await new LudminApi(next).LoginAsync(RootEmail, StrangersPassword);
        Assert.That(TestTokens.Allowed(stranger.Token), Is.EqualTo(new[] { "basics" }));
        var refused = logs.Entries.Single(e => e.EventId.Name == "MasterBootstrapRefused");
        Assert.That(refused.Message, Does.Contain("Ludmin:Bootstrap:MasterPassword").And.Contain("does not verify"));
        Assert.That(logs.AllText, Does.Not.Contain(RootPassword).And.Not.Contain(StrangersPassword));
    }

    [Test]
    public async Task Start_WhenTheConfiguredPasswordIsTheExistingAccountsOwn_PromotesIt()
    {
        await using var first = new LudminFactory();
        await new LudminApi(first).RegisterAsync(RootEmail, RootPassword, "Root");

        await using var next = Restart(first, new LogCapture());

        var root = await new LudminApi(next).LoginAsync(RootEmail, RootPassword);
        Assert.That(TestTokens.Allowed(root.Token), Is.EquivalentTo(new[] { "basics", "master" }));
    }

    [Test]
    public async Task Start_WhenTheStoreIsEmpty_CreatesTheConfiguredMaster()
    {
        await using var server = new LudminFactory(new LudminFactoryOptions { MasterEmail = RootEmail, MasterPassword = RootPassword });

        var root = await new LudminApi(server).LoginAsync(RootEmail, RootPassword);

        Assert.That(TestTokens.Allowed(root.Token), Is.EquivalentTo(new[] { "basics", "master" }));
    }

    /// <summary>Another start on the first server's store, with the bootstrap settings set (the first instance may still run, as in a rolling restart).</summary>
    private static LudminFactory Restart(LudminFactory first, LogCapture logs)
    {
        var next = new LudminFactory(new LudminFactoryOptions
        {
            DataDirectory = first.DataDirectory,
            MasterEmail = RootEmail,
            MasterPassword = RootPassword,
            Logs = logs,
        });
        _ = next.Server;
        return next;
    }

    /// <summary>What an operator's <c>promote</c> command does, sent in the server's own process.</summary>
    private static async Task PromoteAsync(LudminFactory server, string email)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new PromoteMasterCommand(email, null, MasterPromotion.Operator));
        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.Promoted));
    }
}
