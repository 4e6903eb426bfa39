namespace Ludmin.Api.Tests.Support;

/// <summary>A token answer of the API: POST /tokens/public, POST /tokens, GET /tokens/{device_id}.</summary>
public sealed record TokenInfo(string Token, string DeviceId, string? UserId, string Type, DateTimeOffset ExpiresAt);
