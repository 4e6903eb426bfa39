namespace Ludmin.Infrastructure.SecondFactor;

/// <summary>The second factor's key and names (<c>Ludmin:SecondFactor</c>).</summary>
public sealed class SecondFactorOptions
{
    public const string Section = "Ludmin:SecondFactor";

    /// <summary>The length of <see cref="EncryptionKey"/> in bytes (AES-256).</summary>
    public const int KeyBytes = 32;

    /// <summary>
    /// 32 random bytes in base64 (<c>generate-key</c> style: <c>openssl rand -base64 32</c>), which
    /// seal TOTP secrets and key the recovery codes' hashes. Only Development may leave it unset:
    /// it then makes one and keeps it in the data folder. Changing it makes every enrolled TOTP
    /// factor and recovery code unusable, so it is kept as carefully as the database.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The name authenticator apps show beside the account (the otpauth URI's issuer and label prefix).</summary>
    public string Issuer { get; set; } = "Ludmin";
}
