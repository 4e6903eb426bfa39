using System.Net;
using System.Text.Json.Nodes;
using OtpNet;

namespace Ludmin.Api.Tests.Support;

/// <summary>A user's way through second factors over HTTP, as an authenticator app and a client would walk it.</summary>
public static class SecondFactorSteps
{
    /// <summary>The code an authenticator app shows for <paramref name="secret"/> (base32) at <paramref name="moment"/>.</summary>
    public static string Code(string secret, DateTimeOffset moment) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(moment.UtcDateTime);

    /// <summary>POST then PUT /users/me/totp with the app's code at <paramref name="moment"/>: the factor is active.</summary>
    public static async Task<Enrolled> EnrolTotpAsync(this LudminApi api, UserSession session, DateTimeOffset moment)
    {
        string secret;
        using (var begin = await api.SendAsync(HttpMethod.Post, "/users/me/totp", session.Token, new { current_password = session.User.Password }))
        {
            var body = await Expect.JsonAsync(begin, HttpStatusCode.Created);
            secret = (string)body["secret"]!;
            Assert.That((string?)body["otpauth_uri"], Does.StartWith("otpauth://totp/"));
        }

        using var confirm = await api.SendAsync(HttpMethod.Put, "/users/me/totp", session.Token, new { code = Code(secret, moment) });
        var activation = await Expect.JsonAsync(confirm, HttpStatusCode.OK);
        return new Enrolled(
            secret,
            [.. activation["recovery_codes"]!.AsArray().Select(c => (string)c!)],
            (string)activation["token"]!);
    }

    /// <summary>POST /tokens with the right password on an account with a factor: the second step's answer.</summary>
    public static async Task<JsonNode> StartLoginAsync(this LudminApi api, TestUser user, string? deviceId = null)
    {
        var device = await api.PublicTokenAsync(deviceId);
        using var response = await api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = user.Email, password = user.Password, description = "Second device" });
        return await Expect.JsonAsync(response, HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> PassSecondFactorAsync(this LudminApi api, string secondFactorToken, object body) =>
        api.SendAsync(HttpMethod.Post, "/tokens/second-factor", secondFactorToken, body);

    /// <summary>The payload claim <paramref name="name"/> of a token, as JSON text.</summary>
    public static string Claim(string token, string name) =>
        JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).EncodedPayload))![name]?.ToJsonString()
            ?? "(none)";

    /// <summary>An active TOTP factor: its secret, its first recovery codes, and the level-2 token the enrolment gave.</summary>
    public sealed record Enrolled(string Secret, IReadOnlyList<string> RecoveryCodes, string Token);
}
