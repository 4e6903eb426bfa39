using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ludmin.Api.OpenApi.WebAuthn;

/// <summary>
/// WebAuthn's <c>PublicKeyCredentialRequestOptionsJSON</c> (Level 3, §5.5), as
/// <c>POST /tokens/passkey/options</c> answers it: for the document only, in WebAuthn's
/// camelCase. Give it to <c>PublicKeyCredential.parseRequestOptionsFromJSON</c> unchanged.
/// </summary>
public sealed record WebAuthnRequestOptions(
    [property: JsonPropertyName("challenge")] string Challenge,
    [property: JsonPropertyName("timeout")] long? Timeout,
    [property: JsonPropertyName("rpId")] string? RpId,
    [property: JsonPropertyName("allowCredentials")] IReadOnlyList<WebAuthnCredentialDescriptor>? AllowCredentials,
    [property: JsonPropertyName("userVerification")] string? UserVerification,
    [property: JsonPropertyName("hints")] IReadOnlyList<string>? Hints,
    [property: JsonPropertyName("extensions")] JsonElement? Extensions);
