using FluentValidation;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Behaviours;
using Ludmin.Application.Common.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The mediator with its handlers (generated at compile time), the validation behaviour and
    /// the validators. The ports are the infrastructure's to register.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            // Tracing outermost, so a message's span covers its validation too.
            options.PipelineBehaviors = [typeof(TracingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        AddInputParsers(services);
        services.AddScoped<LoginThrottling>();
        return services;
    }

    /// <summary>Each use case's <see cref="InputParser{TInput,TCommand}"/>, as the senders of its command ask for it.</summary>
    private static void AddInputParsers(IServiceCollection services)
    {
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes())
        {
            if (!type.IsAbstract && type.BaseType is { IsGenericType: true } parser && parser.GetGenericTypeDefinition() == typeof(InputParser<,>))
            {
                // The validator scan registered the parser itself: the same singleton, not a second one.
                services.AddSingleton(parser, provider => provider.GetRequiredService(type));
            }
        }
    }
}
