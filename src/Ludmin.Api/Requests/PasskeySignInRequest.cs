using System.Text.Json;

namespace Ludmin.Api.Requests;

/// <summary>Signs in with a passkey on the device of the token sent with it.</summary>
/// <param name="Credential">The browser's answer to <c>navigator.credentials.get()</c>, as its <c>toJSON()</c> gives it (WebAuthn's <c>AuthenticationResponseJSON</c>). WebAuthn's own JSON: camelCase, and whatever members browsers add are accepted.</param>
/// <param name="Description">What the user calls this device, such as "Macbook Pro" (up to 100 characters). Left out (or blank), a device that signed in before keeps the description it had.</param>
public sealed record PasskeySignInRequest(JsonElement Credential, string? Description)
{
    public override string ToString() => "PasskeySignInRequest";
}
