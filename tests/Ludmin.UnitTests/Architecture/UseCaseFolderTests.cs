using ArchUnitNET.Fluent;
using ArchUnitNET.NUnit;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.PasswordResets.CompleteReset;
using Ludmin.Application.Tokens.Login;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

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

    /// <summary>Every use-case folder, read from the compiled Application (never a list kept by hand).</summary>
    private static IEnumerable<string> UseCases() =>
        Layers.Application.GetTypes().Select(UseCaseOf).OfType<string>().Distinct().Order(StringComparer.Ordinal);

    private static IArchRule UsesNoTypeOfAnotherUseCase(string useCase) =>
        Types().That().ResideInNamespaceOrBelow(Root + useCase)
            .Should().NotDependOnAny(LoadedCode.Written(Layers.Application.GetTypes()).Where(type => UseCaseOf(type) is { } other && other != useCase));

    [TestCaseSource(nameof(UseCases))]
    public void UseCase_WhenEveryTypeItUsesIsRead_UsesNoTypeOfAnotherUseCase(string useCase) =>
        UsesNoTypeOfAnotherUseCase(useCase).Check(LoadedCode.Production);

    [Test]
    public void UseCases_WhenReadFromTheCode_IncludeEveryArea() =>
        Assert.That(UseCases(), Is.SupersetOf(new[] { "Tokens.Login", "Users.UpdateProfile", "PasswordResets.CompleteReset" }));

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
    public void TheRule_WhenAUseCaseUsesAConstructorParameterOrAStaticCallInAnAsyncMethod_FindsIt()
    {
        // CompleteReset takes LoginThrottleOptions in its handler's constructor; Login calls ConflictRetry inside an async method.
        Assert.That(Types().That().ResideInNamespaceOrBelow(typeof(CompleteResetHandler).Namespace!).Should().NotDependOnAny(typeof(LoginThrottleOptions)).HasNoViolations(LoadedCode.Production), Is.False, "a constructor parameter");
        Assert.That(Types().That().ResideInNamespaceOrBelow(typeof(LoginHandler).Namespace!).Should().NotDependOnAny(typeof(ConflictRetry)).HasNoViolations(LoadedCode.Production), Is.False, "a static call inside an async method");
    }

    [Test]
    public void UseCaseOf_WhenGivenNamespaces_NamesTheAreaAndUseCaseOnly()
    {
        Assert.That(UseCaseOf(typeof(LoginHandler)), Is.EqualTo("Tokens.Login"));
        Assert.That(UseCaseOf(typeof(CompleteResetHandler)), Is.EqualTo("PasswordResets.CompleteReset"));
        Assert.That(UseCaseOf(typeof(ConflictRetry)), Is.Null);
        Assert.That(UseCaseOf(typeof(string)), Is.Null);
    }

    /// <summary><c>Area.UseCase</c> for a type in a use-case folder (or below one); null elsewhere.</summary>
    private static string? UseCaseOf(Type type) =>
        type.Namespace?.Split('.') is ["Ludmin", "Application", var area, var useCase, ..] && area != Shared ? $"{area}.{useCase}" : null;
}
