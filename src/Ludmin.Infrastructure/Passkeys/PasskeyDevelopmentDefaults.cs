using Ludmin.Application.Common.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Passkeys;

/// <summary>
/// In Development, what is not configured: the relying party <c>localhost</c> (a secure context
/// browsers allow over plain http) and, as origins, the addresses the API itself listens on
/// (<c>urls</c>, as <c>ASPNETCORE_URLS</c> or <c>--urls</c> set it; Kestrel's
/// <c>http://localhost:5000</c> when none), a wildcard host read as localhost. Elsewhere nothing
/// is filled in: passkeys stay off until configured.
/// </summary>
internal sealed class PasskeyDevelopmentDefaults(IHostEnvironment environment, IConfiguration configuration) : IPostConfigureOptions<PasskeyOptions>
{
    public const string DevelopmentRelyingParty = "localhost";

    public void PostConfigure(string? name, PasskeyOptions options)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }

        options.RelyingPartyId = string.IsNullOrWhiteSpace(options.RelyingPartyId) ? DevelopmentRelyingParty : options.RelyingPartyId;
        if (options.Origins.Any(o => !string.IsNullOrWhiteSpace(o)))
        {
            return;
        }

        var urls = configuration["urls"];
        foreach (var url in (string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                var host = uri.Host is "[::]" or "0.0.0.0" or "::" ? "localhost" : uri.Host;
                options.Origins.Add(new UriBuilder(uri) { Host = host }.Uri.GetLeftPart(UriPartial.Authority));
            }
        }
    }
}
