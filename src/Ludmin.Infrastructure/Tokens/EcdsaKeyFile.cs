using System.Security.Cryptography;
using Ludmin.Infrastructure.Files;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Infrastructure.Tokens;

/// <summary>P-256 keys as PEM: made for operators (<c>generate-key</c>) and for Development's own key.</summary>
public static class EcdsaKeyFile
{
    /// <summary>A new P-256 private key, PKCS#8 PEM.</summary>
    public static string NewPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>
    /// Writes <paramref name="pem"/> to a new file readable by its owner only (0600 on Unix); an
    /// existing file is never overwritten, so a key in use cannot be lost to a typo.
    /// </summary>
    public static void WriteNew(string path, string pem)
    {
        using var stream = new FileStream(path, PrivateFile.CreateNew(asynchronous: false));
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Write('\n');
    }

    /// <summary>The RFC 7638 thumbprint of the key's public part, base64url: a key id no other key has.</summary>
    public static string Thumbprint(ECDsa key)
    {
        using var publicPart = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        return Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicPart)).ComputeJwkThumbprint());
    }
}
