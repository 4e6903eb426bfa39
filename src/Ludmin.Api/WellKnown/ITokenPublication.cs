namespace Ludmin.Api.WellKnown;

/// <summary>
/// What the well-known documents publish of the token settings and keys; the composition root
/// supplies it from the issuer's configuration (<c>Hosting/TokenPublication.cs</c>).
/// </summary>
internal interface ITokenPublication
{
    /// <summary>Exactly the <c>iss</c> of Ludmin's tokens.</summary>
    string Issuer { get; }

    /// <summary>
    /// Where clients reach this service. Always set outside Development (the start refuses
    /// otherwise); only Development, without it, names the request's own address.
    /// </summary>
    string? PublicBaseUrl { get; }

    /// <summary>
    /// The public keys, each already in its JSON Web Key shape (RFC 7517) and written as it is:
    /// the issuer's key type owns that shape, so it is not restated here.
    /// </summary>
    IReadOnlyList<object> Keys { get; }
}
