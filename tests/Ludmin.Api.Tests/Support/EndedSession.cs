using System.Net;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// A way a user token's session ends while the token itself stays unexpired: what it ends
/// returns the stale login and a live session of the same user (for request bodies).
/// </summary>
public sealed record EndedSession(string Name, Func<LudminApi, Task<(TokenInfo Stale, UserSession Live)>> EndAsync)
{
    public static IEnumerable<EndedSession> All(string newPassword)
    {
        yield return new("its device was logged out", async api =>
        {
            var phone = await api.NewSessionAsync("ended");
            var laptop = await api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
            using var response = await api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", phone.Token);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            return (laptop, phone);
        });
        yield return new("the password was changed on another device", async api =>
        {
            var phone = await api.NewSessionAsync("ended");
            var laptop = await api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
            await api.UpdateAsync(phone.Token, new { password = newPassword, password_confirmation = newPassword, current_password = phone.User.Password });
            return (laptop, phone with { User = phone.User with { Password = newPassword } });
        });
        yield return new("the password was reset", async api =>
        {
            var phone = await api.NewSessionAsync("ended");
            var code = await api.RequestResetCodeAsync(phone.User.Email);
            using (var response = await api.CompleteResetAsync(phone.User.Email, code, newPassword))
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            }

            var user = phone.User with { Password = newPassword };
            return (phone.Login, new UserSession(user, await api.LoginAsync(user.Email, newPassword, "After the reset")));
        });
        yield return new("a newer login on the same device", async api =>
        {
            var first = await api.NewSessionAsync("ended");
            var again = await api.LoginAsync(first.User.Email, first.User.Password, "Same device", first.DeviceId);
            return (first.Login, new UserSession(first.User, again));
        });
    }

    public override string ToString() => Name;
}
