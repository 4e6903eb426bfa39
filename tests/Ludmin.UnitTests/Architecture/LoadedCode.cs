using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// The compiled code as ArchUnitNET reads it: every type's signatures and method bodies, lambdas
/// and async methods included (their dependencies count as the dependencies of the type they
/// belong to). Loaded once for every architecture test.
/// </summary>
internal static class LoadedCode
{
    /// <summary>The four production assemblies.</summary>
    public static readonly ArchUnitNET.Domain.Architecture Production =
        new ArchLoader().LoadAssemblies(Layers.Domain, Layers.Application, Layers.Infrastructure, Layers.Api).Build();

    /// <summary>The Infrastructure and this test assembly, whose small types show that each rule can fail.</summary>
    public static readonly ArchUnitNET.Domain.Architecture WithTests =
        new ArchLoader().LoadAssemblies(Layers.Infrastructure, Layers.Api, typeof(LoadedCode).Assembly).Build();

    /// <summary>
    /// The types a reader wrote, without those the compiler made (closures, state machines, inline
    /// arrays): the package reads the latter as part of the type they belong to, and knows no other.
    /// </summary>
    public static IEnumerable<System.Type> Written(IEnumerable<System.Type> types) => types.Where(type => !Generated(type));

    private static bool Generated(System.Type type) =>
        type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false)
        || type.Name.Contains('<', StringComparison.Ordinal) // a source generator's (the regex generator's)
        || (type.DeclaringType is { } outer && Generated(outer));

    /// <summary>Every type a type depends on, as the package found it.</summary>
    public static IEnumerable<IType> DependenciesOf(IType type) => type.Dependencies.Select(dependency => dependency.Target);
}
