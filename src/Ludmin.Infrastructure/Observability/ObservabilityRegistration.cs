using Ludmin.Application.Common.Ports;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Infrastructure.Observability;

internal static class ObservabilityRegistration
{
    /// <summary>
    /// Wraps the ports already registered, however they were: the repositories in timed and
    /// traced proxies, the hasher in spans. Called last, so it sees the final registrations.
    /// </summary>
    public static IServiceCollection AddStoreAndHashInstrumentation(this IServiceCollection services)
    {
        services.AddSingleton<OperationsMetrics>();
        Decorate<IUserRepository>(services, (inner, sp) => InstrumentedStore<IUserRepository>.Wrap(inner, sp.GetRequiredService<OperationsMetrics>()));
        Decorate<IPasswordResetRepository>(services, (inner, sp) => InstrumentedStore<IPasswordResetRepository>.Wrap(inner, sp.GetRequiredService<OperationsMetrics>()));
        Decorate<ILoginThrottleRepository>(services, (inner, sp) => InstrumentedStore<ILoginThrottleRepository>.Wrap(inner, sp.GetRequiredService<OperationsMetrics>()));
        Decorate<IPasswordHasher>(services, (inner, _) => new TracedPasswordHasher(inner));
        return services;
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, IServiceProvider, T> decorate)
        where T : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(T) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"{typeof(T).Name} must be registered before it is instrumented.");
        }

        var original = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(T), sp => decorate((T)Create(original, sp), sp), original.Lifetime);
    }

    private static object Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
