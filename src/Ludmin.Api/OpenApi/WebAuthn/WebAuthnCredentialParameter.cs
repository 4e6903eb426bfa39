using System.Text.Json.Serialization;

namespace Ludmin.Api.OpenApi.WebAuthn;

/// <summary>WebAuthn's <c>PublicKeyCredentialParameters</c>: a COSE algorithm offered (-7 ES256, -8 EdDSA, -257 RS256).</summary>
public sealed record WebAuthnCredentialParameter(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("alg")] int Alg);
