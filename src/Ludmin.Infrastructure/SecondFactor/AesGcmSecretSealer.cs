using System.Security.Cryptography;
using System.Text;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.SecondFactor;

/// <summary>
/// AES-256-GCM under a key derived from <see cref="SecondFactorKey"/>. A sealed secret is
/// <c>version (1) | key id (1) | nonce (12) | ciphertext | tag (16)</c>: a fresh random nonce each
/// time, and the version, the key id and the owner's id authenticated with it, so a changed byte,
/// another owner or another key all fail to open rather than yield a wrong secret.
/// </summary>
internal sealed class AesGcmSecretSealer(SecondFactorKey key) : ISecretSealer
{
    private const byte FormatVersion = 1;
    private const int HeaderBytes = 2;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key = key.Derive("ludmin totp secrets v1");

    public SealedSecret Seal(ReadOnlySpan<byte> secret, UserId owner)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("There is no secret to seal.", nameof(secret));
        }

        var sealedBytes = new byte[HeaderBytes + NonceBytes + secret.Length + TagBytes];
        sealedBytes[0] = FormatVersion;
        sealedBytes[1] = key.Id;
        var nonce = sealedBytes.AsSpan(HeaderBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);

        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, secret, sealedBytes.AsSpan(HeaderBytes + NonceBytes, secret.Length), sealedBytes.AsSpan(^TagBytes), AssociatedData(sealedBytes, owner));
        return SealedSecret.FromStored(sealedBytes);
    }

    public byte[] Unseal(SealedSecret sealedSecret, UserId owner)
    {
        var sealedBytes = sealedSecret.Bytes;
        if (sealedBytes.Length <= HeaderBytes + NonceBytes + TagBytes || sealedBytes[0] != FormatVersion)
        {
            throw new CryptographicException("The stored second-factor secret is not in a format this version seals.");
        }

        if (sealedBytes[1] != key.Id)
        {
            throw new CryptographicException(
                $"The stored second-factor secret was sealed with another key (id {sealedBytes[1]}, configured {key.Id}): Ludmin:SecondFactor:EncryptionKey changed.");
        }

        var secret = new byte[sealedBytes.Length - HeaderBytes - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(sealedBytes.Slice(HeaderBytes, NonceBytes), sealedBytes.Slice(HeaderBytes + NonceBytes, secret.Length), sealedBytes[^TagBytes..], secret, AssociatedData(sealedBytes, owner));
        return secret;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> sealedBytes, UserId owner) =>
        [.. sealedBytes[..HeaderBytes], .. Encoding.ASCII.GetBytes(owner.Value)];
}
