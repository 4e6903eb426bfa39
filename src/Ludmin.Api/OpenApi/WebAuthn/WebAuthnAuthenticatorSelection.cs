using System.Text.Json.Serialization;

namespace Ludmin.Api.OpenApi.WebAuthn;

/// <summary>WebAuthn's <c>AuthenticatorSelectionCriteria</c>: a discoverable credential and user verification, both required here.</summary>
public sealed record WebAuthnAuthenticatorSelection(
    [property: JsonPropertyName("authenticatorAttachment")] string? AuthenticatorAttachment,
    [property: JsonPropertyName("residentKey")] string? ResidentKey,
    [property: JsonPropertyName("requireResidentKey")] bool? RequireResidentKey,
    [property: JsonPropertyName("userVerification")] string? UserVerification);
