using System.Text.Json.Serialization;

namespace Ludmin.Api.OpenApi.WebAuthn;

/// <summary>WebAuthn's <c>PublicKeyCredentialRpEntity</c>: the relying party's domain and the name authenticators show.</summary>
public sealed record WebAuthnRelyingParty(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string Name);
