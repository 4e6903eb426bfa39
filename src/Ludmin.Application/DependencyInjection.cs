using FluentValidation;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Behaviours;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The mediator with its handlers (generated at compile time), the validation behaviour and
    /// the validators (one per message that carries what a client sent; their field names are the
    /// wire names, <see cref="Common.Validation.WireFieldNames"/>), and the line registrations of one
    /// address wait in (<see cref="Users.RegisterUser.RegistrationTurns"/>). The ports are the infrastructure's to register.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            // Tracing outermost, so a message's span covers its validation too.
            options.PipelineBehaviors = [typeof(TracingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });
        services.AddSingleton<Users.RegisterUser.RegistrationTurns>();
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddScoped<CurrentPasswordCheck>();
        services.AddScoped<SecondFactorGuard>();
        services.AddScoped<TotpRemoval>();
        services.AddScoped<PasskeyAssertions>();
        services.AddScoped<Users.ImportUsers.UserImport>();
        return services;
    }
}
