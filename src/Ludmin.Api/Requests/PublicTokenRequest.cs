namespace Ludmin.Api.Requests;

/// <summary>Asks for a public token.</summary>
/// <param name="DeviceId">The device's id, 32 hex digits. Anything else (or nothing) gets a generated id.</param>
public sealed record PublicTokenRequest(string? DeviceId);
