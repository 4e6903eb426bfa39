using System.Net;
using System.Text.Json.Nodes;

namespace Ludmin.Api.Tests.Support;

/// <summary>The passkey calls of the API tests, with the settings that turn passkeys on for the test origin.</summary>
public static class Passkeys
{
    public const string Origin = "https://app.localhost";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Ludmin:Passkeys:RelyingPartyId"] = "localhost",
        ["Ludmin:Passkeys:RelyingPartyName"] = "Ludmin tests",
        ["Ludmin:Passkeys:Origins:0"] = Origin,
    };

    public static async Task<JsonNode> CreationOptionsAsync(this LudminApi api, string token)
    {
        using var response = await api.SendAsync(HttpMethod.Post, "/users/me/passkeys/options", token);
        return await Expect.JsonAsync(response, HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> SendRegistrationAsync(this LudminApi api, string token, JsonNode credential, string name = "Phone") =>
        api.SendAsync(HttpMethod.Post, "/users/me/passkeys", token, new JsonObject { ["name"] = name, ["credential"] = credential.DeepClone() });

    /// <summary>Options, the authenticator's answer, the registration: the stored passkey.</summary>
    public static async Task<JsonNode> RegisterPasskeyAsync(this LudminApi api, string token, SoftwareAuthenticator authenticator, string name = "Phone")
    {
        var options = await api.CreationOptionsAsync(token);
        using var response = await api.SendRegistrationAsync(token, authenticator.Register(options), name);
        return await Expect.JsonAsync(response, HttpStatusCode.Created);
    }

    public static async Task<JsonNode> RequestOptionsAsync(this LudminApi api, string token)
    {
        using var response = await api.SendAsync(HttpMethod.Post, "/tokens/passkey/options", token);
        return await Expect.JsonAsync(response, HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> SendSignInAsync(this LudminApi api, string token, JsonNode credential, string description = "Passkey device") =>
        api.SendAsync(HttpMethod.Post, "/tokens/passkey", token, new JsonObject { ["credential"] = credential.DeepClone(), ["description"] = description });

    /// <summary>A new device's public token, options, the answer, the sign-in: the login token.</summary>
    public static async Task<TokenInfo> SignInWithPasskeyAsync(this LudminApi api, SoftwareAuthenticator authenticator, string? deviceId = null)
    {
        var device = await api.PublicTokenAsync(deviceId);
        var options = await api.RequestOptionsAsync(device.Token);
        using var response = await api.SendSignInAsync(device.Token, authenticator.Assert(options));
        return LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.Created));
    }
}
