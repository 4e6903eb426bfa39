namespace Ludmin.Api.Tests.Support;

/// <summary>A request a rate-limited endpoint serves: the token to send (if any) and a fresh body for each call.</summary>
public sealed record RateLimitedCall(string? Token, Func<object> Body);
