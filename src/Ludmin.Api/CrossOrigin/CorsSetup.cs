using Microsoft.Extensions.Options;

namespace Ludmin.Api.CrossOrigin;

/// <summary>
/// Cross-origin calls from browsers, from configuration. Tokens travel in the Authorization
/// header, never in cookies, so credentials mode is never allowed.
/// </summary>
internal static class CorsSetup
{
    public static IServiceCollection AddLudminCors(this IServiceCollection services)
    {
        services.AddOptions<LudminCorsOptions>().BindConfiguration(LudminCorsOptions.Section);
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<LudminCorsOptions>>((cors, ludmin) => cors.AddDefaultPolicy(policy =>
            {
                var settings = ludmin.Value;
                if (settings.AllowAnyOrigin)
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(settings.AllowedOrigins);
                }

                policy.AllowAnyHeader()
                    .WithMethods("GET", "POST", "PUT", "DELETE")
                    .WithExposedHeaders("Location", "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        return services;
    }
}
