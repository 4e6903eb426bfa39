using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// The calls tests make over and over, on one test server; from <paramref name="clientAddress"/>
/// when the server honours <see cref="ClientAddressStartupFilter.Header"/>.
/// </summary>
public sealed class LudminApi(LudminFactory factory, string? clientAddress = null)
{
    public const string Password = "correct horse battery";

    public LudminFactory Factory => factory;

    public string? ClientAddress => clientAddress;

    /// <summary>The same calls, sent from another client address.</summary>
    public LudminApi From(string address) => new(factory, address);

    /// <summary>Sends JSON (or nothing) with <c>Authorization: Bearer &lt;token&gt;</c>, or the bare token when asked.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, object? json = null, bool bareToken = false) =>
        SendContentAsync(method, path, token, json is null ? null : JsonContent.Create(json), bareToken);

    public async Task<HttpResponseMessage> SendContentAsync(HttpMethod method, string path, string? token, HttpContent? content, bool bareToken = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (clientAddress is not null)
        {
            request.Headers.Add(ClientAddressStartupFilter.Header, clientAddress);
        }

        if (token is not null)
        {
            if (bareToken)
            {
                request.Headers.TryAddWithoutValidation("Authorization", token);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        }

        return await factory.Api.SendAsync(request);
    }

    /// <summary>One request with <paramref name="token"/> (none when null) that must be refused with this problem.</summary>
    public async Task ExpectProblemAsync(HttpMethod method, string path, string? token, HttpStatusCode status, string code)
    {
        using var response = await SendAsync(method, path, token);
        await Expect.ProblemAsync(response, status, code);
    }

    public async Task<TokenInfo> PublicTokenAsync(string? deviceId = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "/tokens/public", json: new { device_id = deviceId ?? Unique.Hex32() });
        return ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
    }

    public async Task<TestUser> RegisterAsync(string? email = null, string password = Password, string fullName = "Ann Lee")
    {
        email ??= Unique.Email();
        var token = await PublicTokenAsync();
        using var response = await SendRegistrationAsync(token.Token, email, password, fullName);
        var profile = await Expect.JsonAsync(response, HttpStatusCode.Created);
        return new TestUser((string)profile["id"]!, email, password, fullName);
    }

    /// <summary>POST /users with <paramref name="token"/>, the password confirmed: the answer is the caller's to read.</summary>
    public Task<HttpResponseMessage> SendRegistrationAsync(string? token, string email, string password = Password, string fullName = "Ann Lee") =>
        SendAsync(HttpMethod.Post, "/users", token, new
        {
            full_name = fullName,
            email,
            password,
            password_confirmation = password,
        });

    /// <summary>Logs in on a device of its own (a new one unless <paramref name="deviceId"/> is given).</summary>
    public async Task<TokenInfo> LoginAsync(string email, string password, string description = "Test device", string? deviceId = null)
    {
        var device = await PublicTokenAsync(deviceId);
        using var response = await SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password, description });
        return ToToken(await Expect.JsonAsync(response, HttpStatusCode.Created));
    }

    public async Task<UserSession> NewSessionAsync(string prefix = "user", string description = "Test device")
    {
        var user = await RegisterAsync(Unique.Email(prefix));
        return new UserSession(user, await LoginAsync(user.Email, user.Password, description));
    }

    public async Task<JsonNode> GetUserAsync(string token, string idOrMe = "me")
    {
        using var response = await SendAsync(HttpMethod.Get, $"/users/{idOrMe}", token);
        return await Expect.JsonAsync(response, HttpStatusCode.OK);
    }

    public async Task<JsonNode> UpdateAsync(string token, object body, string idOrMe = "me")
    {
        using var response = await SendAsync(HttpMethod.Put, $"/users/{idOrMe}", token, body);
        return await Expect.JsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Asks for a reset code and reads the new code from the pickup directory.</summary>
    public async Task<string> RequestResetCodeAsync(string email)
    {
        var before = ResetCodePickup.ReadAll(factory.PickupDirectory).Select(f => f.Path).ToHashSet();
        var token = await PublicTokenAsync();
        using (var response = await SendAsync(HttpMethod.Post, "/users/reset", token.Token, new { email }))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.Accepted);
        }

        var delivered = await ResetCodePickup.WaitForAsync(factory.PickupDirectory, f => !before.Contains(f.Path) && SameEmail(f.Email, email));
        return delivered.Code;
    }

    /// <summary>The newest code delivered for the address.</summary>
    public async Task<string> ReadNewestResetCodeAsync(string email) =>
        (await ResetCodePickup.WaitForAsync(factory.PickupDirectory, f => SameEmail(f.Email, email))).Code;

    public async Task<HttpResponseMessage> CompleteResetAsync(string email, string code, string password)
    {
        var token = await PublicTokenAsync();
        return await SendAsync(HttpMethod.Put, "/users/reset", token.Token, new { email, code, password, password_confirmation = password });
    }

    public Task<string> StoreSnapshotAsync() => StoreSnapshot.TakeAsync(factory.DatabasePath);

    /// <summary>A snapshot of the store without the named tables (which the request may change by design).</summary>
    public Task<string> StoreSnapshotExceptAsync(params string[] tables) => StoreSnapshot.TakeAsync(factory.DatabasePath, tables);

    public static TokenInfo ToToken(JsonNode json) =>
        new(
            (string)json["token"]!,
            (string)json["device_id"]!,
            (string?)json["user_id"],
            (string)json["type"]!,
            DateTimeOffset.Parse((string)json["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture));

    private static bool SameEmail(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
