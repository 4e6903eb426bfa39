namespace Ludmin.Api.Tests.Support;

/// <summary>
/// An account event and how to cause it: the action gets an API to prepare users and sessions
/// with (from addresses of their own) and one for the single request the event records (from one
/// client address), and returns the user it concerns and the device it was done on (null where
/// no device takes part).
/// </summary>
public sealed record SecurityEvent(string Name, int EventId, Func<LudminApi, LudminApi, Task<(string UserId, string? DeviceId)>> CauseAsync)
{
    public const string Category = "Ludmin.Security";

    private const string NewPassword = "a new password 123";

    public static IEnumerable<SecurityEvent> All()
    {
        yield return new("login succeeded", 1001, async (setup, actor) =>
        {
            var user = await setup.RegisterAsync();
            var login = await actor.LoginAsync(user.Email, user.Password);
            return (user.Id, login.DeviceId);
        });
        yield return new("login failed", 1002, async (setup, actor) =>
        {
            var user = await setup.RegisterAsync();
            var device = await setup.PublicTokenAsync();
            using var response = await actor.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = user.Email, password = "not the password" });
            Assert.That((int)response.StatusCode, Is.EqualTo(401));
            return (user.Id, device.DeviceId);
        });
        yield return new("logout", 1003, async (setup, actor) =>
        {
            var session = await setup.NewSessionAsync("events");
            using var response = await actor.SendAsync(HttpMethod.Delete, $"/tokens/{session.DeviceId}", session.Token);
            Assert.That((int)response.StatusCode, Is.EqualTo(204));
            return (session.User.Id, session.DeviceId);
        });
        yield return new("user registered", 1004, async (_, actor) => ((await actor.RegisterAsync()).Id, null));
        yield return new("password changed", 1005, async (setup, actor) =>
        {
            var session = await setup.NewSessionAsync("events");
            await actor.UpdateAsync(session.Token, new { password = NewPassword, password_confirmation = NewPassword, current_password = session.User.Password });
            return (session.User.Id, session.DeviceId);
        });
        yield return new("email changed", 1006, async (setup, actor) =>
        {
            var session = await setup.NewSessionAsync("events");
            await actor.UpdateAsync(session.Token, new { email = Unique.Email("changed"), current_password = session.User.Password });
            return (session.User.Id, session.DeviceId);
        });
        yield return new("reset requested", 1007, async (setup, actor) =>
        {
            var user = await setup.RegisterAsync();
            await actor.RequestResetCodeAsync(user.Email);
            return (user.Id, null);
        });
        yield return new("reset completed", 1008, async (setup, actor) =>
        {
            var user = await setup.RegisterAsync();
            var code = await setup.RequestResetCodeAsync(user.Email);
            using var response = await actor.CompleteResetAsync(user.Email, code, NewPassword);
            Assert.That((int)response.StatusCode, Is.EqualTo(204));
            return (user.Id, null);
        });
        yield return new("user deleted", 1012, async (setup, actor) =>
        {
            var session = await setup.NewSessionAsync("events");
            using var response = await actor.SendAsync(HttpMethod.Delete, "/users/me", session.Token, new { current_password = session.User.Password });
            Assert.That((int)response.StatusCode, Is.EqualTo(204));
            return (session.User.Id, session.DeviceId);
        });
        yield return new("refresh reused", 1020, async (setup, actor) =>
        {
            // A token of a generation the session has left (here one it never reached): reuse, whatever the grace.
            var session = await setup.NewSessionAsync("events");
            var replaced = TestTokens.Manual("""{"alg":"HS256","typ":"JWT"}""", TestTokens.UserPayload(session).TrimEnd('}') + """, "gen": 7 }""", TestTokens.SignWithServerKey);
            using var response = await actor.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", replaced);
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            return (session.User.Id, session.DeviceId);
        });
    }

    public override string ToString() => Name;
}
