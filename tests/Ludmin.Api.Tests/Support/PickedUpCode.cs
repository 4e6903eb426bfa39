namespace Ludmin.Api.Tests.Support;

/// <summary>One file of the pickup directory: <c>email</c>, <c>code</c>, <c>expires_at</c>.</summary>
public sealed record PickedUpCode(string Path, string Email, string Code, DateTimeOffset ExpiresAt, DateTime WrittenAt);
