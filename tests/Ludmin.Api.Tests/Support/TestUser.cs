namespace Ludmin.Api.Tests.Support;

/// <summary>A user registered by a test, with the password it was registered with.</summary>
public sealed record TestUser(string Id, string Email, string Password, string FullName);
