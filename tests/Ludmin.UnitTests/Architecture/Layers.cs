using System.Reflection;
using Ludmin.Api.Controllers;
using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Architecture;

/// <summary>The four production assemblies, found through a type each holds.</summary>
internal static class Layers
{
    public static readonly Assembly Domain = typeof(User).Assembly;
    public static readonly Assembly Application = typeof(Ludmin.Application.DependencyInjection).Assembly;
    public static readonly Assembly Infrastructure = typeof(Ludmin.Infrastructure.DependencyInjection).Assembly;
    public static readonly Assembly Api = typeof(TokensController).Assembly;

    public static string[] ReferencedNames(this Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal)];
}
