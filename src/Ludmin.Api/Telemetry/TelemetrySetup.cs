using Ludmin.Application.Common.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ludmin.Api.Telemetry;

/// <summary>
/// Metrics for a Prometheus scrape at <c>/metrics</c>, always collected; traces exported over
/// OTLP only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or
/// configuration), sampled off otherwise so no span is ever recorded.
/// </summary>
internal static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The framework's meters on the scrape: ASP.NET Core's requests, Kestrel's connections, rate limiting.</summary>
    private static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <param name="adapterMeter">Ludmin's own meter, which the adapters record on; the composition root names it.</param>
    /// <param name="adapterSource">The adapters' span source, beside the application's.</param>
    public static IServiceCollection AddLudminTelemetry(this IServiceCollection services, string adapterMeter, string adapterSource)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section)
            .Validate(o => o.Port is null or (> 0 and <= 65535), $"{MetricsOptions.Section}:Port must be a port number.")
            .ValidateOnStart();

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ludmin"))
            .WithMetrics(metrics => metrics
                .AddMeter([adapterMeter, .. FrameworkMeters])
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(ApplicationTelemetry.SourceName, adapterSource)
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        // Probes and scrapes would drown the requests worth tracing.
                        options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                            && !context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal);
                    });

                // Decided when the provider is built, so a host or a test may set the endpoint late.
                ((IDeferredTracerProviderBuilder)tracing).Configure((provider, builder) =>
                {
                    var endpoint = provider.GetRequiredService<IConfiguration>()[OtlpEndpointKey];
                    if (string.IsNullOrWhiteSpace(endpoint))
                    {
                        builder.SetSampler(new AlwaysOffSampler());
                        return;
                    }

                    // The exporter's own options read the other OTEL_EXPORTER_OTLP_* variables (protocol, headers).
                    var options = new OtlpExporterOptions { Endpoint = new Uri(endpoint) };
                    builder.AddProcessor(new BatchActivityExportProcessor(new OtlpTraceExporter(options)));
                });
            });
        return services;
    }

    /// <summary>The scrape, behind <see cref="MetricsAccess"/>; not an API operation, so not in the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapLudminMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.UseMiddleware<MetricsAccess>(), optionsName: null)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .DisableRateLimiting();
        return endpoints;
    }
}
