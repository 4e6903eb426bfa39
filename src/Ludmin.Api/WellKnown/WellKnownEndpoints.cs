namespace Ludmin.Api.WellKnown;

/// <summary>
/// What another service needs to verify Ludmin's tokens on its own: the public keys (RFC 7517 JWK
/// Set) and a discovery document naming them (the issuer and jwks_uri of OpenID Connect Discovery,
/// and nothing Ludmin does not do). Anonymous, and cacheable for a few minutes, unlike every
/// other answer. Outside the OpenAPI document: their shape is the standards', read by JWT libraries.
/// </summary>
internal static class WellKnownEndpoints
{
    public const string JwksPath = "/.well-known/jwks.json";
    public const string DiscoveryPath = "/.well-known/openid-configuration";

    /// <summary>
    /// Short, because a key published here must reach every verifier before it signs, and a
    /// verifier refetches on meeting an unknown kid anyway.
    /// </summary>
    public const string CacheControl = "public, max-age=300";

    public static void MapLudminWellKnown(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(JwksPath, (HttpContext context, ITokenPublication publication) =>
            {
                context.Response.Headers.CacheControl = CacheControl;
                return Results.Json(new JsonWebKeySet(publication.Keys));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        endpoints.MapGet(DiscoveryPath, (HttpContext context, ITokenPublication publication) =>
            {
                context.Response.Headers.CacheControl = CacheControl;
                var root = string.IsNullOrWhiteSpace(publication.PublicBaseUrl)
                    ? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}"
                    : publication.PublicBaseUrl.TrimEnd('/');
                return Results.Json(new DiscoveryDocument(publication.Issuer, root + JwksPath));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }

    /// <param name="Keys">Serialized as <c>keys</c>.</param>
    private sealed record JsonWebKeySet(IReadOnlyList<object> Keys);

    /// <param name="Issuer">Exactly the <c>iss</c> of Ludmin's tokens.</param>
    /// <param name="JwksUri">Serialized as <c>jwks_uri</c>.</param>
    private sealed record DiscoveryDocument(string Issuer, string JwksUri);
}
