namespace Ludmin.Application.Common.Ports;

/// <summary>Options for a browser, as WebAuthn's JSON, and the challenge in them (base64url), which keys the ceremony's state.</summary>
public sealed record CeremonyOptions(string Challenge, string Json);
