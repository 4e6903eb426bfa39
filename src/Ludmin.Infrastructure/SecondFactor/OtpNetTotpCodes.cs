using System.Globalization;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Microsoft.Extensions.Options;
using OtpNet;

namespace Ludmin.Infrastructure.SecondFactor;

/// <summary>
/// TOTP on Otp.NET with the parameters every authenticator app defaults to (RFC 6238: SHA-1, 6
/// digits, 30 s). The verification window is one step either side: a code typed as the step turns
/// still passes, and a phone whose clock is off by up to 30 seconds still works.
/// </summary>
internal sealed class OtpNetTotpCodes(IOptions<SecondFactorOptions> options) : ITotpCodes
{
    public const int SecretBytes = 20;
    public const int Digits = 6;
    public const int StepSeconds = 30;

    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    private readonly string _issuer = options.Value.Issuer;

    public NewTotpSecret NewSecret(EmailAddress account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var key = KeyGeneration.GenerateRandomKey(SecretBytes);
        var base32 = Base32Encoding.ToString(key);
        var uri = new OtpUri(OtpType.Totp, base32, account.Value, _issuer, OtpHashMode.Sha1, Digits, StepSeconds);
        return new NewTotpSecret(key, base32, uri.ToString());
    }

    public long? MatchStep(ReadOnlySpan<byte> secret, string code, DateTimeOffset now)
    {
        var digits = WellFormed(code);
        if (digits is null || secret.IsEmpty)
        {
            return null;
        }

        var totp = new Totp(secret.ToArray(), StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(now.UtcDateTime, digits, out var step, Window) ? step : null;
    }

    /// <summary>The code's six digits without the spaces apps show between them; none for any other shape.</summary>
    private static string? WellFormed(string? code)
    {
        if (code is null || code.Length > 2 * Digits)
        {
            return null;
        }

        var digits = string.Concat(code.Where(c => c != ' '));
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The step a moment falls in, as Otp.NET counts it: whole Unix seconds over the step length.</summary>
    public static long StepOf(DateTimeOffset moment) => moment.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code of one step, for the tests' vectors and for nothing on a request's path.</summary>
    internal static string CodeAt(byte[] secret, DateTimeOffset moment, int digits = Digits) =>
        new Totp(secret, StepSeconds, OtpHashMode.Sha1, digits).ComputeTotp(moment.UtcDateTime).ToString(CultureInfo.InvariantCulture);
}
