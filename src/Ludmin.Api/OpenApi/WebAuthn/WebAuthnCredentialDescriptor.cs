using System.Text.Json.Serialization;

namespace Ludmin.Api.OpenApi.WebAuthn;

/// <summary>WebAuthn's <c>PublicKeyCredentialDescriptorJSON</c>: a credential id (base64url) to exclude or allow.</summary>
public sealed record WebAuthnCredentialDescriptor(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("transports")] IReadOnlyList<string>? Transports);
