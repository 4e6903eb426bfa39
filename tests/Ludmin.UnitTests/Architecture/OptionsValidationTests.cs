using Ludmin.Application.Common.Options;
using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.ResetCodes;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// Each settings section the Infrastructure reads is checked by a validation class of its own, not by
/// lambdas in the registration (the start-up failures themselves: the Api tests that start with bad settings).
/// </summary>
public sealed class OptionsValidationTests
{
    private static readonly Type[] Sections =
    [
        typeof(PasswordOptions), typeof(ResetCodeOptions), typeof(PasswordHashingOptions), typeof(TokenOptions),
        typeof(LoginThrottleOptions), typeof(ResetCodeDeliveryOptions), typeof(StorageOptions),
    ];

    private static List<ServiceDescriptor> ValidationsOf(Type section)
    {
        var services = new ServiceCollection().AddInfrastructure();
        var validation = typeof(IValidateOptions<>).MakeGenericType(section);
        return [.. services.Where(d => d.ServiceType == validation)];
    }

    [TestCaseSource(nameof(Sections))]
    public void Section_WhenTheInfrastructureIsRegistered_HasOneValidationClassInSettings(Type section)
    {
        var validations = ValidationsOf(section);

        Assert.That(validations, Has.Count.EqualTo(1));
        Assert.That(validations[0].ImplementationType?.Namespace, Is.EqualTo("Ludmin.Infrastructure.Settings"));
    }
}
