using Ludmin.Domain.Passkeys;

namespace Ludmin.Application.Common.Ports;

/// <summary>A new credential the library verified: its id, COSE public key, counter and backup flags.</summary>
public sealed record VerifiedRegistration(CredentialId CredentialId, byte[] PublicKey, long SignCount, bool BackupEligible, bool BackedUp);
