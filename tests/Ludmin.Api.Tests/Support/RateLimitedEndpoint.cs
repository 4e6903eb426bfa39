using System.Net;
using Ludmin.Api.RateLimits;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// An endpoint limited per client address: how to make a request it serves (prepared once, from
/// any address), what it answers when served, and which limit of <see cref="RateLimitOptions"/> counts it.
/// </summary>
public sealed record RateLimitedEndpoint(
    string Name,
    HttpMethod Method,
    string Path,
    Func<RateLimitOptions, WindowLimit> Limit,
    HttpStatusCode Served,
    Func<LudminApi, Task<RateLimitedCall>> Prepare)
{
    public static IEnumerable<RateLimitedEndpoint> All()
    {
        yield return new RateLimitedEndpoint(
            "public tokens", HttpMethod.Post, "/tokens/public", o => o.PublicTokens, HttpStatusCode.OK,
            _ => Task.FromResult(new RateLimitedCall(null, () => new { device_id = Unique.Hex32() })));
        yield return new RateLimitedEndpoint(
            "logins", HttpMethod.Post, "/tokens", o => o.Logins, HttpStatusCode.Created,
            async api =>
            {
                var user = await api.RegisterAsync();
                var device = await api.PublicTokenAsync();
                return new RateLimitedCall(device.Token, () => new { email = user.Email, password = user.Password, description = "Rate limited" });
            });
        yield return new RateLimitedEndpoint(
            "registrations", HttpMethod.Post, "/users", o => o.Registrations, HttpStatusCode.Created,
            async api => new RateLimitedCall((await api.PublicTokenAsync()).Token, () =>
            {
                var email = Unique.Email("limited");
                return new { full_name = "Limited Lee", email, password = LudminApi.Password, password_confirmation = LudminApi.Password };
            }));
        yield return new RateLimitedEndpoint(
            "reset requests", HttpMethod.Post, "/users/reset", o => o.Resets, HttpStatusCode.Accepted,
            async api => new RateLimitedCall((await api.PublicTokenAsync()).Token, () => new { email = Unique.Email("limited") }));
        yield return new RateLimitedEndpoint(
            "reset completions", HttpMethod.Put, "/users/reset", o => o.Resets, HttpStatusCode.BadRequest,
            async api => new RateLimitedCall((await api.PublicTokenAsync()).Token, () => new
            {
                email = Unique.Email("limited"),
                code = "123456",
                password = LudminApi.Password,
                password_confirmation = LudminApi.Password,
            }));
    }

    public Task<HttpResponseMessage> SendAsync(LudminApi from, RateLimitedCall call) =>
        from.SendAsync(Method, Path, call.Token, call.Body());

    public override string ToString() => $"{Method} {Path} ({Name})";
}
