using System.Text.Json;

namespace Ludmin.Api.Requests;

/// <summary>Finishes registering a passkey to the token's user.</summary>
/// <param name="Name">What the user calls the passkey, such as "Phone" (1 to 64 characters).</param>
/// <param name="Credential">The browser's answer to <c>navigator.credentials.create()</c>, as its <c>toJSON()</c> gives it (WebAuthn's <c>RegistrationResponseJSON</c>). WebAuthn's own JSON: camelCase, and whatever members browsers add are accepted.</param>
public sealed record RegisterPasskeyRequest(string Name, JsonElement Credential)
{
    public override string ToString() => "RegisterPasskeyRequest";
}
