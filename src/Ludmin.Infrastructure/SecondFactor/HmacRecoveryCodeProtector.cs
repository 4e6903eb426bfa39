using System.Security.Cryptography;
using System.Text;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.SecondFactors;

namespace Ludmin.Infrastructure.SecondFactor;

/// <summary>
/// Recovery codes kept as HMAC-SHA256, as reset codes are (<see cref="ResetCodes.HmacResetCodeProtector"/>),
/// under a key derived from <see cref="SecondFactorKey"/> rather than from the signing key: a reset
/// code lives 15 minutes, a recovery code for years, and rotating the token keys must not void them.
/// </summary>
internal sealed class HmacRecoveryCodeProtector(SecondFactorKey key) : IRecoveryCodeProtector
{
    private readonly byte[] _key = key.Derive("ludmin recovery codes v1");

    public IReadOnlyList<string> NewCodes()
    {
        // Duplicates are all but impossible at 60 bits; a set is still made distinct by construction.
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < RecoveryCodes.SetSize)
        {
            codes.Add(RecoveryCodeFormat.NewCode());
        }

        return [.. codes];
    }

    public string Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(RecoveryCodeFormat.Normalize(code))));
    }
}
