using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Infrastructure.Tokens;

/// <summary>
/// The keys tokens are signed and checked with, for the configured algorithm. ES256: every
/// configured P-256 key is accepted by its <c>kid</c> and published, one signs. HS256: the one
/// <see cref="SigningKey"/>, published nowhere. Development without keys makes its own and keeps
/// it in the data folder; any other environment refuses to start, naming the missing setting.
/// </summary>
public sealed partial class TokenKeys
{
    private const string DevelopmentKeyFile = "signing-key-es256.pem";
    private const string KeysSetting = "Ludmin:Tokens:Keys";

    private readonly Dictionary<string, SecurityKey> _byId;

    private TokenKeys(string algorithm, SecurityKey signing, IReadOnlyList<SecurityKey> verification, IReadOnlyList<PublishedKey> published, byte[] secret)
    {
        Algorithm = algorithm;
        SigningCredentials = new SigningCredentials(signing, algorithm == TokenAlgorithms.Es256 ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.HmacSha256);
        Verification = verification;
        Published = published;
        Secret = secret;
        _byId = verification.Where(k => k.KeyId is not null).ToDictionary(k => k.KeyId, StringComparer.Ordinal);
    }

    /// <summary><see cref="TokenAlgorithms.Es256"/> or <see cref="TokenAlgorithms.Hs256"/>.</summary>
    public string Algorithm { get; }

    /// <summary>What new tokens are signed with; for ES256 its key id goes into every token's <c>kid</c>.</summary>
    public SigningCredentials SigningCredentials { get; }

    /// <summary>Every key a token may be signed with: the signing key and, for ES256, the keys only published.</summary>
    public IReadOnlyList<SecurityKey> Verification { get; }

    /// <summary>The public keys other services verify tokens with (the JWKS); none for HS256, whose key is a secret.</summary>
    public IReadOnlyList<PublishedKey> Published { get; }

    /// <summary>
    /// Secret material of the signing key that other keys derive from (reset codes): the HS256 key,
    /// or the ES256 signing key's private scalar. Changing the signing key changes it.
    /// </summary>
    internal byte[] Secret { get; }

    /// <summary>The ES256 key a token names by <c>kid</c>, exactly; no key for an unknown or missing kid (the token is refused).</summary>
    public IEnumerable<SecurityKey> ForKeyId(string? kid) =>
        Algorithm == TokenAlgorithms.Hs256 ? Verification
        : kid is not null && _byId.TryGetValue(kid, out var key) ? [key]
        : [];

    /// <summary>
    /// The algorithm in force: the configured one; unset, HS256 for a configuration that has a
    /// SigningKey and no Keys (one written when HS256 was the only algorithm), ES256 for one with Keys or with neither
    /// (a new deployment); a configuration with both must say which.
    /// </summary>
    public static string ChooseAlgorithm(TokenOptions options)
    {
        var hasSecret = !string.IsNullOrEmpty(options.SigningKey);
        var hasKeys = options.Keys.Count > 0;
        return options.Algorithm?.Trim() switch
        {
            null or "" when hasSecret && hasKeys => throw new InvalidOperationException(
                "Ludmin:Tokens has both a SigningKey (HS256) and Keys (ES256): set Ludmin:Tokens:Algorithm to ES256 or HS256 to say which signs."),
            null or "" => hasSecret ? TokenAlgorithms.Hs256 : TokenAlgorithms.Es256,
            var named when string.Equals(named, TokenAlgorithms.Es256, StringComparison.OrdinalIgnoreCase) => TokenAlgorithms.Es256,
            var named when string.Equals(named, TokenAlgorithms.Hs256, StringComparison.OrdinalIgnoreCase) => TokenAlgorithms.Hs256,
            _ => throw new InvalidOperationException("Ludmin:Tokens:Algorithm must be ES256 or HS256."),
        };
    }

    public static TokenKeys Resolve(TokenOptions options, IHostEnvironment environment, string dataDirectory)
    {
        if (ChooseAlgorithm(options) == TokenAlgorithms.Hs256)
        {
            var secret = SigningKey.Resolve(options, environment, dataDirectory).Key;
            return new TokenKeys(TokenAlgorithms.Hs256, secret, [secret], [], secret.Key);
        }

        var keys = options.Keys.Count > 0
            ? options.Keys.Select((key, index) => Load(key, index, environment.ContentRootPath)).ToList()
            : environment.IsDevelopment() ? [LoadOrCreateDevelopmentKey(dataDirectory)]
            : throw new InvalidOperationException(
                $"{KeysSetting} is not set. ES256 (the default) needs a signing key: set {KeysSetting}:0:Id and {KeysSetting}:0:PemFile "
                + "(or Pem), for example from a key made with `generate-key <file>`; only Development generates its own key. "
                + "To keep HS256, set Ludmin:Tokens:Algorithm to HS256 and Ludmin:Tokens:SigningKey.");

        var duplicate = keys.GroupBy(k => k.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"{KeysSetting}: the Id '{duplicate.Key}' is used by more than one key; each key needs its own.");
        }

        var signing = keys.Where(k => k.Signing).ToList();
        if (signing.Count != 1)
        {
            throw new InvalidOperationException(
                $"{KeysSetting}: {signing.Count} keys have Signing true; exactly one must sign (set Signing to false on keys that are only published).");
        }

        var signer = signing[0].Key;
        if (!HasPrivatePart(signer.ECDsa))
        {
            throw new InvalidOperationException($"{KeysSetting}: the signing key '{signing[0].Id}' is a public key; a signing key needs its private part.");
        }

        var published = keys.Select(k =>
        {
            var point = k.Key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
            return new PublishedKey(k.Id, Base64UrlEncoder.Encode(point.X), Base64UrlEncoder.Encode(point.Y));
        }).ToList();
        var privateScalar = signer.ECDsa.ExportParameters(includePrivateParameters: true).D!;
        return new TokenKeys(TokenAlgorithms.Es256, signer, [.. keys.Select(k => (SecurityKey)k.Key)], published, privateScalar);
    }

    private static LoadedKey Load(TokenKeyOptions options, int index, string contentRoot)
    {
        var setting = $"{KeysSetting}:{index}";
        if (string.IsNullOrWhiteSpace(options.Id) || !KeyIdPattern().IsMatch(options.Id))
        {
            throw new InvalidOperationException($"{setting}:Id must be set: 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'.");
        }

        var hasPem = !string.IsNullOrWhiteSpace(options.Pem);
        var hasFile = !string.IsNullOrWhiteSpace(options.PemFile);
        if (hasPem == hasFile)
        {
            throw new InvalidOperationException($"{setting} ('{options.Id}') needs exactly one of Pem and PemFile.");
        }

        string pem;
        if (hasFile)
        {
            var path = Path.GetFullPath(Path.Combine(contentRoot, options.PemFile!));
            try
            {
                pem = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{setting}:PemFile ('{options.Id}'): {path} cannot be read: {ex.Message}", ex);
            }
        }
        else
        {
            pem = options.Pem!;
        }

        return new LoadedKey(options.Id, options.Signing, Import(pem, $"{setting} ('{options.Id}')", options.Id));
    }

    private static ECDsaSecurityKey Import(string pem, string where, string id)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();

            // The message names the setting only: the exception's own text could quote the key.
            throw new InvalidOperationException($"{where} is not a PEM EC key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----, from generate-key).");
        }

        var curve = ecdsa.ExportParameters(includePrivateParameters: false).Curve;
        if (!curve.IsNamed || curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"{where} is not a P-256 key; ES256 needs P-256 (generate-key makes one).");
        }

        return new ECDsaSecurityKey(ecdsa) { KeyId = id };
    }

    private static LoadedKey LoadOrCreateDevelopmentKey(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, DevelopmentKeyFile);
        if (!File.Exists(path))
        {
            var temporary = path + ".tmp";
            File.Delete(temporary);
            EcdsaKeyFile.WriteNew(temporary, EcdsaKeyFile.NewPem());
            File.Move(temporary, path, overwrite: false);
        }

        var key = Import(File.ReadAllText(path), path, "development");

        // Named by its thumbprint (RFC 7638), so a new development key never shares a kid with an old one.
        var kid = EcdsaKeyFile.Thumbprint(key.ECDsa);
        return new LoadedKey(kid, Signing: true, new ECDsaSecurityKey(key.ECDsa) { KeyId = kid });
    }

    private static bool HasPrivatePart(ECDsa key)
    {
        try
        {
            return key.ExportParameters(includePrivateParameters: true).D is { Length: > 0 };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyIdPattern();

    private sealed record LoadedKey(string Id, bool Signing, ECDsaSecurityKey Key);
}
