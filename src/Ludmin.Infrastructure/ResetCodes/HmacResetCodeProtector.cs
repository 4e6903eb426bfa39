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
/// </summary>
internal sealed class HmacResetCodeProtector : IResetCodeProtector
{
    private static readonly byte[] KeyPurpose = "ludmin reset codes v1"u8.ToArray();
    private readonly byte[] _key;
    private readonly int _digits;

    public HmacResetCodeProtector(TokenKeys keys, IOptions<ResetCodeOptions> options)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.Secret, 32, info: KeyPurpose);
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
}
