using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>
/// Codes are uniform random digits; the store holds HMAC-SHA256 of them under a key derived from
/// the signing key (the HS256 key, or the ES256 signing key's private part). A six-digit code is trivially brute-forced from a plain hash, not from a keyed one.
/// Beside the hash the store keeps the code sealed with AES-256-GCM under a second key derived
/// from the same secret (for sending a live code again): without the secret it is as opaque
/// as the hash; with it, an attacker could sign tokens anyway.
/// </summary>
internal sealed class HmacResetCodeProtector : IResetCodeProtector
{
    private static readonly byte[] KeyPurpose = "ludmin reset codes v1"u8.ToArray();
    private static readonly byte[] SealPurpose = "ludmin reset code seal v1"u8.ToArray();
    private readonly byte[] _key;
    private readonly byte[] _sealKey;
    private readonly int _digits;

    public HmacResetCodeProtector(TokenKeys keys, IOptions<ResetCodeOptions> options)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.Secret, 32, info: KeyPurpose);
        _sealKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.Secret, 32, info: SealPurpose);
        _digits = Math.Clamp(options.Value.Digits, 4, 12);
    }

    public string NewCode()
    {
        var builder = new StringBuilder(_digits);
        for (var i = 0; i < _digits; i++)
        {
            builder.Append(RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public string Hash(string code) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(code.Trim())));

    public bool Matches(string code, string codeHash)
    {
        var actual = Encoding.ASCII.GetBytes(Hash(code));
        var expected = Encoding.ASCII.GetBytes(codeHash);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Nonce, tag and ciphertext, in base64: a fresh random nonce for every code.</summary>
    public string Seal(string code)
    {
        var plain = Encoding.UTF8.GetBytes(code);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_sealKey, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(sealedBytes);
    }

    public string? Unseal(string sealedCode)
    {
        var sealedBytes = new byte[sealedCode.Length];
        if (!Convert.TryFromBase64String(sealedCode, sealedBytes, out var length) || length < NonceSize + TagSize)
        {
            return null;
        }

        var plain = new byte[length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_sealKey, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize, plain.Length), sealedBytes.AsSpan(NonceSize, TagSize), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            // Sealed under another key (the signing key was rotated): the code is void anyway.
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }

    private const int NonceSize = 12;
    private const int TagSize = 16;
}
