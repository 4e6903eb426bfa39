using ArchUnitNET.Fluent;
using ArchUnitNET.NUnit;
using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.DependencyInjection;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// The Api knows the Infrastructure in one place only: its composition root, the
/// <c>Ludmin.Api.Hosting</c> namespace (with the command line, the program's other entry point)
/// and the generated <c>Program</c>. Every other Api type reaches an adapter through a port (an
/// Application one, or a small Api one the composition root implements) or takes one of the few
/// Infrastructure services the composition root hands over (<see cref="HandedOver"/>), by
/// injection: docs/architecture.md, "Where the Api meets the Infrastructure".
/// </summary>
public sealed class CompositionRootTests
{
    private const string CompositionRoot = "Ludmin.Api.Hosting";

    /// <summary>
    /// Infrastructure services an Api feature may take from the container: the token validation
    /// rules belong beside the issuer, and the authentication schemes are their only reader.
    /// </summary>
    private static readonly Type[] HandedOver = [typeof(TokenValidation)];

    private static IEnumerable<Type> InfrastructureNotHandedOver() => LoadedCode.Written(Layers.Infrastructure.GetTypes()).Except(HandedOver);

    private static IArchRule OutsideTheCompositionRootNoneDependsOn(IEnumerable<Type> forbidden) =>
        Types().That().ResideInAssembly(Layers.Api)
            .And().DoNotResideInNamespaceOrBelow(CompositionRoot)
            .And().DoNotHaveFullNameStartingWith("Program")
            .Should().NotDependOnAny(forbidden);

    [Test]
    public void ApiTypes_OutsideTheCompositionRoot_UseNoInfrastructureTypeButTheServicesHandedOver() =>
        OutsideTheCompositionRootNoneDependsOn(InfrastructureNotHandedOver()).Check(LoadedCode.Production);

    [Test]
    public void TheRule_WhenNothingIsHandedOver_FindsTheAuthenticationsUseOfTheTokenValidationService() =>
        Assert.That(OutsideTheCompositionRootNoneDependsOn(LoadedCode.Written(Layers.Infrastructure.GetTypes())).HasNoViolations(LoadedCode.Production), Is.False);

    [Test]
    public void HandedOverTypes_WhenTheInfrastructureIsRegistered_AreServicesOfTheContainer()
    {
        var services = new ServiceCollection().AddInfrastructure();

        Assert.That(HandedOver, Is.SubsetOf(services.Select(s => s.ServiceType)));
    }

    [Test]
    public void TheCompositionRoot_WhenItsTypesAreRead_UsesTheInfrastructure()
    {
        // The scan sees what it must: the registration of the adapters is in Hosting.
        var uses = Types().That().ResideInNamespaceOrBelow(CompositionRoot).GetObjects(LoadedCode.Production).SelectMany(LoadedCode.DependenciesOf);

        Assert.That(uses.Select(t => t.FullName), Does.Contain(typeof(Ludmin.Infrastructure.DependencyInjection).FullName));
    }

    [Test]
    public void TheRule_WhenATypeUsesAnInfrastructureTypeOnlyInsideALambda_FindsIt() =>
        Assert.That(Types().That().Are(typeof(LambdaUser)).Should().NotDependOnAny(typeof(TokenOptions)).HasNoViolations(LoadedCode.WithTests), Is.False);

    [Test]
    public void TheRule_WhenATypeUsesAnInfrastructureTypeOnlyInAnAsyncMethod_FindsIt() =>
        Assert.That(Types().That().Are(typeof(AsyncUser)).Should().NotDependOnAny(typeof(TokenOptions)).HasNoViolations(LoadedCode.WithTests), Is.False);

    [Test]
    public void LudminClaims_WhenLookedFor_BelongToTheApplication() =>
        Assert.That(typeof(Ludmin.Application.Common.Claims.LudminClaims).Assembly, Is.EqualTo(Layers.Application));

    private static class LambdaUser
    {
        public static Func<object> Make() => () => new TokenOptions();
    }

    private static class AsyncUser
    {
        public static async Task<string> IssuerAsync()
        {
            await Task.Yield();
            var options = new TokenOptions();
            return options.Issuer;
        }
    }
}
