using System.Reflection;
using Ludmin.Api.Authentication;
using Ludmin.Api.Controllers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ludmin.UnitTests.Architecture;

public sealed class ControllerAuthorizationTests
{
    private static readonly string[] Policies =
    [
        LudminAuth.AnyToken, LudminAuth.UserToken, LudminAuth.MasterToken,
        LudminAuth.AnyTokenWithinRefreshWindow, LudminAuth.UserTokenWithinRefreshWindow, LudminAuth.SecondFactorToken,
    ];

    private static IEnumerable<Type> Controllers() =>
        Layers.Api.GetTypes().Where(t => t.IsAssignableTo(typeof(ControllerBase)) && !t.IsAbstract);

    private static IEnumerable<MethodInfo> Actions() =>
        Controllers().SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && !m.IsDefined(typeof(NonActionAttribute), inherit: true));

    [Test]
    public void Actions_WhenFound_IncludeEveryController()
    {
        Assert.That(Controllers().Select(c => c.Name), Is.SupersetOf(new[] { nameof(TokensController), nameof(UsersController), nameof(PasswordResetsController) }));
        Assert.That(Actions().Select(a => a.DeclaringType), Is.SupersetOf(Controllers()));
    }

    [Test]
    public void Actions_WhenFound_EachSayWhetherTheyNeedAToken()
    {
        var undecided = Actions().Where(a => !Decides(a) && !Decides(a.DeclaringType!)).Select(Name);

        Assert.That(undecided, Is.Empty);
    }

    [Test]
    public void Actions_WhenTheyNeedAToken_NameOneOfLudminsPolicies()
    {
        var authorizations = Actions().SelectMany(a => a.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(attribute => (Action: Name(a), attribute.Policy))).ToList();

        Assert.That(authorizations, Is.Not.Empty);
        Assert.That(authorizations.Where(a => !Policies.Contains(a.Policy)).Select(a => a.Action), Is.Empty);
    }

    [Test]
    public void Actions_WhenAnonymous_AreOnlyThePublicTokenEndpoint()
    {
        var anonymous = Actions().Where(a => a.IsDefined(typeof(AllowAnonymousAttribute), inherit: true) || a.DeclaringType!.IsDefined(typeof(AllowAnonymousAttribute), inherit: true));

        Assert.That(anonymous.Select(Name), Is.EqualTo(new[] { $"{nameof(TokensController)}.{nameof(TokensController.IssuePublicToken)}" }));
    }

    private static bool Decides(MemberInfo member) =>
        member.IsDefined(typeof(AuthorizeAttribute), inherit: true) || member.IsDefined(typeof(AllowAnonymousAttribute), inherit: true);

    private static string Name(MethodInfo action) => $"{action.DeclaringType!.Name}.{action.Name}";
}
