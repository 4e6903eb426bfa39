namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// A foreign password hash read into its parts, within the configured cost ceilings: what
/// <see cref="ForeignHashVerifier"/> checks a password against. Made only by
/// <see cref="ForeignHashRecognizer"/>, so every instance is one that can be verified.
/// </summary>
internal abstract record ForeignHash(ForeignHashFormat Format);
