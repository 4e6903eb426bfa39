using Ludmin.Application.Common;
using Ludmin.Application.PasswordResets.CompleteReset;
using Ludmin.Application.Tokens.Login;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// A use case is its folder (namespace <c>Ludmin.Application.&lt;Area&gt;.&lt;UseCase&gt;</c>):
/// it may use the Domain, <c>Common</c> and its own types, never another use case's. What two use
/// cases share lives in <c>Common</c>, where a reader of either looks for it.
/// </summary>
public sealed class UseCaseFolderTests
{
    private const string Root = "Ludmin.Application.";
    private const string Shared = "Common";

    [Test]
    public void UseCases_WhenEveryTypeTheyUseIsRead_UseNoTypeOfAnotherUseCase()
    {
        var leaks = Layers.Application.GetTypes()
            .Where(type => UseCaseOf(type) is not null)
            .SelectMany(type => TypeReferences.Of(type)
                .Where(used => UseCaseOf(used) is { } other && other != UseCaseOf(type))
                .Select(used => $"{UseCaseOf(type)}: {type.FullName} uses {used.FullName}"))
            .Distinct();

        Assert.That(leaks, Is.Empty);
    }

    [Test]
    public void ApplicationTypes_WhenTheirNamespacesAreListed_AreInCommonOrInAUseCaseFolder()
    {
        var loose = Layers.Application.GetTypes()
            .Where(type => type.Namespace?.StartsWith(Root, StringComparison.Ordinal) == true)
            .Where(type => type.Namespace!.Split('.') is not [_, _, Shared, ..] && UseCaseOf(type) is null)
            .Select(type => type.FullName);

        Assert.That(loose, Is.Empty, "an area's shared type belongs in Common");
    }

    [Test]
    public void TypeReferences_WhenAHandlerIsRead_SeeItsConstructorsAndItsMethodBodiesTypes()
    {
        var inLogin = Layers.Application.GetTypes().Where(t => t.Namespace == typeof(LoginHandler).Namespace).SelectMany(TypeReferences.Of).ToHashSet();

        Assert.That(TypeReferences.Of(typeof(CompleteResetHandler)), Does.Contain(typeof(LoginThrottling)), "a constructor parameter");
        Assert.That(inLogin, Does.Contain(typeof(ConflictRetry)), "a static call inside an async method");
    }

    [Test]
    public void UseCaseOf_WhenGivenNamespaces_NamesTheAreaAndUseCaseOnly()
    {
        Assert.That(UseCaseOf(typeof(LoginHandler)), Is.EqualTo("Tokens.Login"));
        Assert.That(UseCaseOf(typeof(CompleteResetHandler)), Is.EqualTo("PasswordResets.CompleteReset"));
        Assert.That(UseCaseOf(typeof(LoginThrottling)), Is.Null);
        Assert.That(UseCaseOf(typeof(string)), Is.Null);
    }

    /// <summary><c>Area.UseCase</c> for a type in a use-case folder (or below one); null elsewhere.</summary>
    private static string? UseCaseOf(Type type) =>
        type.Namespace?.Split('.') is ["Ludmin", "Application", var area, var useCase, ..] && area != Shared ? $"{area}.{useCase}" : null;
}
