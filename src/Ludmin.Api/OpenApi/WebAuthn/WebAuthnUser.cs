using System.Text.Json.Serialization;

namespace Ludmin.Api.OpenApi.WebAuthn;

/// <summary>WebAuthn's <c>PublicKeyCredentialUserEntityJSON</c>: the user handle (base64url) and the names an authenticator shows.</summary>
public sealed record WebAuthnUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("displayName")] string DisplayName);
