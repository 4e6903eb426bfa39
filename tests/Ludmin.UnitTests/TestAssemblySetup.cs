using FluentValidation;
using Ludmin.Application;
using Microsoft.Extensions.DependencyInjection;

[assembly: FixtureLifeCycle(LifeCycle.InstancePerTestCase)]

namespace Ludmin.UnitTests;

/// <summary>
/// Runs once before any test: the application's registration sets FluentValidation's global name
/// resolvers, so validators tested on their own report snake_case field names as on the wire.
/// </summary>
[SetUpFixture]
public sealed class TestAssemblySetup
{
    [OneTimeSetUp]
    public void ConfigureValidatorNames()
    {
        new ServiceCollection().AddApplication();
        Assert.That(ValidatorOptions.Global.PropertyNameResolver, Is.Not.Null);
    }
}
