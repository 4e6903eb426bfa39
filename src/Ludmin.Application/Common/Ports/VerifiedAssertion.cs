namespace Ludmin.Application.Common.Ports;

/// <summary>An assertion the library verified against a stored key: the counter it signed and whether the credential is backed up now.</summary>
public sealed record VerifiedAssertion(long SignCount, bool BackedUp);
