using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>
/// Encrypts a factor's secret for the store and back (AES-GCM under <c>Ludmin:SecondFactor:EncryptionKey</c>),
/// so a read of the store alone does not yield it. A sealed secret is bound to its owner: one
/// copied onto another user's record does not open.
/// </summary>
public interface ISecretSealer
{
    SealedSecret Seal(ReadOnlySpan<byte> secret, UserId owner);

    /// <summary>
    /// The secret again. Throws <see cref="System.Security.Cryptography.CryptographicException"/>
    /// when the bytes were changed, belong to another owner or were sealed under another key: a
    /// fault of the store or the configuration, never of a request.
    /// </summary>
    byte[] Unseal(SealedSecret sealedSecret, UserId owner);
}
