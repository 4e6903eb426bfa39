namespace Ludmin.Infrastructure.Tokens;

/// <summary>
/// The public half of an ES256 key as a JSON Web Key (RFC 7517/7518): only the curve point, so
/// there is no private member to leak by mistake.
/// </summary>
public sealed record PublishedKey(string Kid, string X, string Y)
{
    public string Kty => "EC";

    public string Crv => "P-256";

    public string Alg => TokenAlgorithms.Es256;

    public string Use => "sig";
}
