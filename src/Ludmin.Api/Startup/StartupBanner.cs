using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ludmin.Api.Startup;

/// <summary>
/// Says where the API and Swagger UI are, from the addresses Kestrel really bound (a port of 0
/// or a wildcard host is shown as it can be browsed), once the server is listening.
/// </summary>
internal static partial class StartupBanner
{
    public static void LogWhereToFindUs(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ludmin");
            foreach (var address in addresses.Select(Browsable))
            {
                LogListening(logger, address, address + "/swagger");
            }
        });
    }

    /// <summary><c>http://[::]:5080</c>, <c>http://0.0.0.0:5080</c> and <c>http://+:5080</c> are reached at localhost.</summary>
    internal static string Browsable(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return address.TrimEnd('/');
        }

        var host = uri.Host is "[::]" or "0.0.0.0" or "::" ? "localhost" : uri.Host;
        return new UriBuilder(uri) { Host = host }.Uri.GetLeftPart(UriPartial.Authority);
    }

    [LoggerMessage(EventId = 3001, EventName = "Listening", Level = LogLevel.Information, Message = "Ludmin API: {Address} | Swagger UI: {SwaggerUi}")]
    private static partial void LogListening(ILogger logger, string address, string swaggerUi);
}
