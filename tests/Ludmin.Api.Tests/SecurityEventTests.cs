using System.Text.Json;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Ludmin.Api.Tests;

/// <summary>
/// Security events as structured log entries of the category Ludmin.Security, one per event,
/// with the user, the device where one takes part and the client address; and nothing the
/// server logs, in any category at any level, ever holds a password, a hash, a reset code or a token.
/// </summary>
public sealed class SecurityEventTests : MasterApiTestBase
{
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new()
    {
        MasterEmail = MasterEmail,
        MasterPassword = MasterPassword,
        ClientAddresses = true,
        Logs = _logs,
    };

    [TestCaseSource(typeof(SecurityEvent), nameof(SecurityEvent.All))]
    public async Task Action_WhenDone_WritesOneSecurityEntryWithUserDeviceAndClientAddress(SecurityEvent securityEvent)
    {
        var address = Unique.ClientAddress();

        var (userId, deviceId) = await securityEvent.CauseAsync(Api, Api.From(address));

        var entries = _logs.Entries.Where(e => e.EventId.Id == securityEvent.EventId && e.Property("ClientAddress") == address).ToList();
        Assert.That(entries, Has.Count.EqualTo(1), string.Join("\n", entries));
        var entry = entries[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Category, Is.EqualTo(SecurityEvent.Category));
            Assert.That(entry.Property("UserId"), Is.EqualTo(userId));
            if (deviceId is not null)
            {
                Assert.That(entry.Property("DeviceId"), Is.EqualTo(deviceId));
            }
        }
    }

    [Test]
    public void Start_WhenTheBootstrapMasterIsMade_WritesOneMasterPromotedEntry()
    {
        var entries = _logs.Entries.Where(e => e.Category == SecurityEvent.Category && e.EventId.Id == 1010).ToList();

        Assert.That(entries, Has.Count.EqualTo(1), string.Join("\n", entries));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries[0].Property("UserId"), Is.Not.Null.And.Not.Empty);
            Assert.That(entries[0].HasProperty("ClientAddress"), Is.True);
            Assert.That(entries[0].Level, Is.EqualTo(LogLevel.Warning));
        }
    }

    [Test]
    public async Task SecurityEntries_WhateverTheEvent_NameNoEmailAddress()
    {
        var session = await Api.NewSessionAsync("quiet");
        await Api.RequestResetCodeAsync(session.User.Email);

        var security = _logs.Entries.Where(e => e.Category == SecurityEvent.Category).Select(e => e.AllText);

        Assert.That(security.Where(text => text.Contains(session.User.Email, StringComparison.OrdinalIgnoreCase)), Is.Empty);
    }

    [Test]
    public async Task Logs_AfterEveryKindOfRequest_HoldNoPasswordHashCodeOrToken()
    {
        var secrets = new List<string> { MasterPassword };
        var session = await Api.NewSessionAsync("secrets");
        secrets.AddRange([session.User.Password, session.Token]);
        var master = await LoginAsMasterAsync();
        secrets.Add(master.Token);

        // Failed logins, with the right and the wrong password, and a login that works.
        const string Wrong = "a wrong password 987";
        secrets.Add(Wrong);
        var device = await Api.PublicTokenAsync();
        secrets.Add(device.Token);
        using (var _ = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = session.User.Email, password = Wrong }))
        {
        }

        var laptop = await Api.LoginAsync(session.User.Email, session.User.Password, "Laptop");
        secrets.Add(laptop.Token);

        // Refresh, list, forged and garbage tokens, a bad body.
        using (var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{laptop.DeviceId}", laptop.Token))
        {
            secrets.Add(LudminApi.ToToken(await Expect.JsonAsync(refresh, System.Net.HttpStatusCode.OK)).Token);
        }

        using (var _ = await Api.SendAsync(HttpMethod.Get, "/users", master.Token))
        {
        }

        var forged = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, key: ForgedTokens.OtherKey, sessionId: session.SessionId);
        secrets.Add(forged);
        using (var _ = await Api.SendAsync(HttpMethod.Get, "/users/me", forged))
        {
        }

        using (var _ = await Api.SendContentAsync(HttpMethod.Put, "/users/me", session.Token, new StringContent($"{{\"password\":\"{Wrong}\"", System.Text.Encoding.UTF8, "application/json")))
        {
        }

        // Password and email changes, a reset with a wrong and the right code, a logout.
        const string Changed = "changed password 456";
        secrets.Add(Changed);
        await Api.UpdateAsync(session.Token, new { password = Changed, password_confirmation = Changed, current_password = session.User.Password });
        using (var ended = await Api.SendAsync(HttpMethod.Get, "/users/me", laptop.Token))
        {
            await Expect.ProblemAsync(ended, System.Net.HttpStatusCode.Unauthorized, "session_ended");
        }

        await Api.UpdateAsync(session.Token, new { email = Unique.Email("secrets"), current_password = Changed, full_name = "Secret Keeper" });
        var current = (string)(await Api.GetUserAsync(session.Token))["current_email"]!;
        var code = await Api.RequestResetCodeAsync(current);
        secrets.Add(code);
        using (var _ = await Api.CompleteResetAsync(current, code == "000000" ? "111111" : "000000", "reset password 789"))
        {
        }

        const string ResetTo = "reset password 789";
        secrets.Add(ResetTo);
        using (var reset = await Api.CompleteResetAsync(current, code, ResetTo))
        {
            Assert.That((int)reset.StatusCode, Is.EqualTo(204));
        }

        var afterReset = await Api.LoginAsync(current, ResetTo, "After reset");
        secrets.Add(afterReset.Token);
        using (var _ = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{afterReset.DeviceId}", afterReset.Token))
        {
        }

        secrets.AddRange(await StoredHashesAsync());
        var logs = _logs.AllText;
        Assert.That(_logs.Entries, Is.Not.Empty);
        var leaked = secrets.Concat(secrets.Where(IsToken).Select(t => t.Split('.')[2])).Distinct().Where(s => logs.Contains(s, StringComparison.Ordinal)).ToList();
        Assert.That(leaked, Is.Empty, $"{leaked.Count} secrets appear in the {_logs.Entries.Count} log entries");
    }

    private static bool IsToken(string secret) => secret.Count(c => c == '.') == 2;

    /// <summary>Every Argon2 hash in the store, current and past, whole and its hash segment alone.</summary>
    private async Task<IEnumerable<string>> StoredHashesAsync()
    {
        var hashes = new List<string>();
        foreach (var id in (await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT group_concat(id) FROM users"))!.Split(','))
        {
            hashes.Add((await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT password_hash FROM users WHERE id = $id", ("$id", id)))!);
            var history = await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT password_history FROM users WHERE id = $id", ("$id", id));
            hashes.AddRange(JsonSerializer.Deserialize<string[]>(history!)!);
        }

        Assert.That(hashes, Has.Some.StartsWith("$argon2id$"));
        return hashes.Concat(hashes.Select(h => h.Split('$')[^1]));
    }
}
