using Ludmin.Api.WellKnown;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.Hosting;

/// <summary>The configured issuer and the published keys (<see cref="TokenKeys.Published"/>), for the well-known documents.</summary>
internal sealed class TokenPublication(IOptions<TokenOptions> tokens, TokenKeys keys) : ITokenPublication
{
    public string Issuer => tokens.Value.Issuer;

    public string? PublicBaseUrl => tokens.Value.PublicBaseUrl;

    public IReadOnlyList<object> Keys => keys.Published;
}
