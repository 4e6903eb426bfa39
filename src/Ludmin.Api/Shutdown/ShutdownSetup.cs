using Microsoft.Extensions.Options;

namespace Ludmin.Api.Shutdown;

internal static class ShutdownSetup
{
    /// <summary>Readiness first, a drain while still serving, then in-flight requests finish (<see cref="ShutdownDrain"/>).</summary>
    public static IServiceCollection AddLudminShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section)
            .Validate(o => o.Drain >= TimeSpan.Zero && o.Timeout >= TimeSpan.Zero, "Ludmin:Shutdown: Drain and Timeout must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());

        // The host's own limit covers the drain and the requests that finish after it.
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>(
            (host, shutdown) => host.ShutdownTimeout = shutdown.Value.Drain + shutdown.Value.Timeout);
        services.AddHealthChecks().AddCheck<ShutdownHealthCheck>("shutdown", tags: ["ready"]);
        return services;
    }
}
