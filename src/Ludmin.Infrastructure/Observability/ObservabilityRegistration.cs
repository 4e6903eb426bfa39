using Ludmin.Application.Common.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Infrastructure.Observability;

internal static class ObservabilityRegistration
{
    /// <summary>
    /// Wraps the hasher already registered, however it was, in spans. Called last, so it sees the
    /// final registration. (Store calls are measured inside each store: <see cref="StoreCalls"/>.)
    /// </summary>
    public static IServiceCollection AddHashInstrumentation(this IServiceCollection services)
    {
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
