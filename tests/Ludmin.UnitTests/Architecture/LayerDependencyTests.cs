namespace Ludmin.UnitTests.Architecture;

public sealed class LayerDependencyTests
{
    [Test]
    public void Domain_WhenItsReferencesAreListed_HoldsOnlyBaseClassLibraryAssemblies()
    {
        // The base class library is what ships in the Microsoft.NETCore.App runtime folder, beside System.Private.CoreLib.
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        var outside = Layers.Domain.ReferencedNames().Where(name => !File.Exists(Path.Combine(runtimeFolder, name + ".dll")));

        Assert.That(Layers.Domain.ReferencedNames(), Is.Not.Empty);
        Assert.That(outside, Is.Empty);
    }

    [TestCase("Microsoft.Extensions.")]
    [TestCase("Mediator")]
    [TestCase("FluentValidation")]
    [TestCase("Riok.Mapperly")]
    [TestCase("Microsoft.AspNetCore")]
    [TestCase("Ludmin.")]
    public void Domain_WhenItsReferencesAreListed_HoldsNothingFrom(string prefix) =>
        Assert.That(Layers.Domain.ReferencedNames(), Has.None.StartsWith(prefix));

    [TestCase("Ludmin.Infrastructure")]
    [TestCase("Ludmin.Api")]
    [TestCase("Microsoft.AspNetCore")]
    [TestCase("Microsoft.Data.Sqlite")]
    [TestCase("Microsoft.IdentityModel")]
    [TestCase("Microsoft.Extensions.Logging")]
    public void Application_WhenItsReferencesAreListed_HoldsNothingFrom(string prefix) =>
        Assert.That(Layers.Application.ReferencedNames(), Has.None.StartsWith(prefix));

    [Test]
    public void Application_WhenItsReferencesAreListed_PointsInwardToTheDomain() =>
        Assert.That(Layers.Application.ReferencedNames(), Does.Contain("Ludmin.Domain"));

    [Test]
    public void Infrastructure_WhenItsReferencesAreListed_HoldsNothingFromTheApi()
    {
        Assert.That(Layers.Infrastructure.ReferencedNames(), Does.Contain("Ludmin.Application"));
        Assert.That(Layers.Infrastructure.ReferencedNames(), Has.None.StartsWith("Ludmin.Api"));
    }

    [Test]
    public void Infrastructure_WhenItsReferencesAreListed_HoldsNothingFromAspNetCore() =>
        Assert.That(Layers.Infrastructure.ReferencedNames(), Has.None.StartsWith("Microsoft.AspNetCore"));

    /// <summary>The client address travels with the caller (<c>Caller.ClientAddress</c>); nothing behind the Api reads a request.</summary>
    [Test]
    public void ApplicationAndInfrastructure_WhenTheirTypesAreRead_UseNoAspNetCoreTypeAndTakeNoHttpContextAccessor()
    {
        var types = Layers.Application.GetTypes().Concat(Layers.Infrastructure.GetTypes()).ToList();

        var accessors = types
            .SelectMany(t => t.GetConstructors(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance))
            .Where(c => c.GetParameters().Any(p => p.ParameterType.Name == "IHttpContextAccessor"))
            .Select(c => c.DeclaringType!.FullName);

        Assert.That(AspNetCoreUses(LoadedCode.Production, Layers.Application, Layers.Infrastructure), Is.Empty);
        Assert.That(accessors, Is.Empty);
    }

    [Test]
    public void TheAspNetCoreRule_WhenTheApiIsRead_FindsItsUses() =>
        Assert.That(AspNetCoreUses(LoadedCode.Production, Layers.Api), Is.Not.Empty);

    /// <summary>Each use of an ASP.NET Core type by a type of the given assemblies, as "type uses type".</summary>
    private static IEnumerable<string> AspNetCoreUses(ArchUnitNET.Domain.Architecture code, params System.Reflection.Assembly[] assemblies) =>
        assemblies.SelectMany(assembly => ArchUnitNET.Fluent.ArchRuleDefinition.Types().That().ResideInAssembly(assembly).GetObjects(code))
            .SelectMany(type => LoadedCode.DependenciesOf(type)
                .Where(used => used.FullName.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
                .Select(used => $"{type.FullName} uses {used.FullName}"))
            .Distinct();
}
