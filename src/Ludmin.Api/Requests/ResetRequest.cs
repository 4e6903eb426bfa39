namespace Ludmin.Api.Requests;

/// <summary>Asks for a password reset code.</summary>
/// <param name="Email">The user's current email address.</param>
public sealed record ResetRequest(string Email);
