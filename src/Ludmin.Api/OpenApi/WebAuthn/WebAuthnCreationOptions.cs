using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ludmin.Api.OpenApi.WebAuthn;

/// <summary>
/// WebAuthn's <c>PublicKeyCredentialCreationOptionsJSON</c> (Level 3, §5.4), as
/// <c>POST /users/me/passkeys/options</c> answers it: for the document only (the answer is the
/// WebAuthn library's JSON, passed through), in WebAuthn's camelCase. Give it to
/// <c>PublicKeyCredential.parseCreationOptionsFromJSON</c> unchanged.
/// </summary>
public sealed record WebAuthnCreationOptions(
    [property: JsonPropertyName("rp")] WebAuthnRelyingParty Rp,
    [property: JsonPropertyName("user")] WebAuthnUser User,
    [property: JsonPropertyName("challenge")] string Challenge,
    [property: JsonPropertyName("pubKeyCredParams")] IReadOnlyList<WebAuthnCredentialParameter> PubKeyCredParams,
    [property: JsonPropertyName("timeout")] long? Timeout,
    [property: JsonPropertyName("attestation")] string? Attestation,
    [property: JsonPropertyName("attestationFormats")] IReadOnlyList<string>? AttestationFormats,
    [property: JsonPropertyName("authenticatorSelection")] WebAuthnAuthenticatorSelection? AuthenticatorSelection,
    [property: JsonPropertyName("hints")] IReadOnlyList<string>? Hints,
    [property: JsonPropertyName("excludeCredentials")] IReadOnlyList<WebAuthnCredentialDescriptor>? ExcludeCredentials,
    [property: JsonPropertyName("extensions")] JsonElement? Extensions);
