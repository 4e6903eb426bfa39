using Ludmin.Application.Common.Ports;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Architecture;

public sealed class PortImplementationTests
{
    private static IEnumerable<Type> Ports() =>
        Layers.Application.GetTypes().Where(t => t.IsInterface && t.IsPublic && t.Namespace == typeof(ISecurityEvents).Namespace);

    private static IEnumerable<Type> Repositories() =>
        Layers.Domain.GetTypes().Where(t => t.IsInterface && t.IsPublic && t.Name.EndsWith("Repository", StringComparison.Ordinal));

    [Test]
    public void Ports_WhenListed_IncludeEveryServiceTheApplicationNeeds() =>
        Assert.That(Ports(), Is.SupersetOf(new[] { typeof(IPasswordHasher), typeof(ITokenIssuer), typeof(IResetCodeProtector), typeof(IResetCodeDelivery), typeof(IResetRequestQueue), typeof(ISecurityEvents) }));

    [Test]
    public void Repositories_WhenListed_IncludeOnePerAggregate() =>
        Assert.That(Repositories(), Is.EquivalentTo(new[] { typeof(IUserRepository), typeof(IPasswordResetRepository), typeof(ILoginThrottleRepository), typeof(ISecondFactorRepository), typeof(ISecondFactorChallengeRepository), typeof(IPasskeyRepository), typeof(IPasskeyChallengeRepository) }));

    [Test]
    public void PortsAndRepositories_WhenLookedForInTheInfrastructure_EachHaveAnAdapter()
    {
        var adapters = Layers.Infrastructure.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToList();

        var missing = Ports().Concat(Repositories()).Where(port => !adapters.Exists(port.IsAssignableFrom)).Select(port => port.Name);

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void PortsAndRepositories_WhenLookedForInTheApplication_HaveNoAdapterThere()
    {
        var inApplication = Layers.Application.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToList();

        var implemented = Ports().Concat(Repositories()).Where(port => inApplication.Exists(port.IsAssignableFrom)).Select(port => port.Name);

        Assert.That(implemented, Is.Empty, "the application talks to the outside only through ports the infrastructure fills");
    }
}
