namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// The Api knows the Infrastructure in one place only: its composition root, the
/// <c>Ludmin.Api.Hosting</c> namespace (with the command line, the program's other entry point)
/// and the generated <c>Program</c>. Every other Api type reaches an adapter through a port, an
/// Application one or a small Api one the composition root implements.
/// </summary>
public sealed class CompositionRootTests
{
    private const string CompositionRoot = "Ludmin.Api.Hosting";

    private static bool InCompositionRoot(Type type)
    {
        var owner = TypeUses.Outermost(type);
        return owner.Namespace is null // Program.cs's top-level statements
            || owner.Namespace == CompositionRoot
            || owner.Namespace.StartsWith(CompositionRoot + ".", StringComparison.Ordinal);
    }

    [Test]
    public void ApiTypes_OutsideTheCompositionRoot_UseNoInfrastructureType()
    {
        var leaks = Layers.Api.GetTypes()
            .Where(t => !InCompositionRoot(t))
            .SelectMany(t => TypeUses.Of(t).Where(used => used.Assembly == Layers.Infrastructure).Select(used => $"{TypeUses.Outermost(t).FullName} uses {used.FullName}"))
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.That(leaks, Is.Empty);
    }

    [Test]
    public void TheCompositionRoot_WhenItsTypesAreRead_UsesTheInfrastructure()
    {
        // The scan sees what it must: the registration of the adapters is in Hosting.
        var uses = Layers.Api.GetTypes().Where(InCompositionRoot).SelectMany(TypeUses.Of);

        Assert.That(uses, Does.Contain(typeof(Ludmin.Infrastructure.DependencyInjection)));
    }

    [Test]
    public void TheScan_WhenATypeUsesAnInfrastructureTypeOnlyInsideALambda_FindsIt()
    {
        var uses = WithNested(typeof(LambdaUser)).SelectMany(TypeUses.Of);

        Assert.That(uses, Does.Contain(typeof(Ludmin.Infrastructure.Tokens.TokenOptions)));
    }

    [Test]
    public void TheScan_WhenATypeUsesAnInfrastructureTypeOnlyInAnAsyncMethod_FindsIt()
    {
        var uses = WithNested(typeof(AsyncUser)).SelectMany(TypeUses.Of);

        Assert.That(uses, Does.Contain(typeof(Ludmin.Infrastructure.Tokens.TokenOptions)));
    }

    [Test]
    public void LudminClaims_WhenLookedFor_BelongToTheApplication() =>
        Assert.That(typeof(Ludmin.Application.Common.Claims.LudminClaims).Assembly, Is.EqualTo(Layers.Application));

    /// <summary>A type and the types the compiler made for it (closures, state machines), as <c>GetTypes</c> lists them.</summary>
    private static IEnumerable<Type> WithNested(Type type) =>
        typeof(CompositionRootTests).Assembly.GetTypes().Where(t => t == type || t.DeclaringType == type);

    private static class LambdaUser
    {
        public static Func<object> Make() => () => new Ludmin.Infrastructure.Tokens.TokenOptions();
    }

    private static class AsyncUser
    {
        public static async Task<string> IssuerAsync()
        {
            await Task.Yield();
            var options = new Ludmin.Infrastructure.Tokens.TokenOptions();
            return options.Issuer;
        }
    }
}
