using System.Reflection;
using System.Runtime.CompilerServices;
using Ludmin.Application.Common.Validation;
using Mediator;

namespace Ludmin.UnitTests.Architecture;

public sealed class MessageConventionTests
{
    private static readonly string[] UseCases =
    [
        "IssuePublicToken", "Login", "RefreshToken", "Logout", "RegisterUser",
        "UpdateProfile", "GetUser", "ListUsers", "PromoteMaster", "RequestReset", "CompleteReset",
    ];

    private static readonly Type[] HandlerInterfaces =
        [typeof(ICommandHandler<>), typeof(ICommandHandler<,>), typeof(IQueryHandler<,>), typeof(IRequestHandler<>), typeof(IRequestHandler<,>)];

    private static IEnumerable<Type> Handlers() =>
        ApplicationTypes().Where(t => t.GetInterfaces().Any(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition())));

    private static IEnumerable<Type> Messages() =>
        ApplicationTypes().Where(t => t.IsAssignableTo(typeof(IMessage)) && !t.IsAbstract && !t.IsInterface);

    [Test]
    public void Handlers_WhenFound_CoverEveryUseCase() =>
        Assert.That(Handlers().Select(t => t.Name), Is.SupersetOf(UseCases.Select(u => u + "Handler")));

    [Test]
    public void Handlers_WhenFound_AreInternalAndSealed()
    {
        var handlers = Handlers().ToList();

        Assert.That(handlers, Is.Not.Empty);
        Assert.That(handlers.Where(t => t.IsPublic || t.IsNestedPublic).Select(t => t.FullName), Is.Empty, "public handlers");
        Assert.That(handlers.Where(t => !t.IsSealed).Select(t => t.FullName), Is.Empty, "handlers open to inheritance");
    }

    [Test]
    public void Messages_WhenFound_CoverEveryUseCase() =>
        Assert.That(Messages().Select(t => t.Name), Is.SupersetOf(UseCases.Select(u => u + (u is "GetUser" or "ListUsers" ? "Query" : "Command"))));

    [Test]
    public void Messages_WhenFound_AreSealedRecords()
    {
        var messages = Messages().ToList();

        Assert.That(messages, Is.Not.Empty);
        Assert.That(messages.Where(t => !IsRecord(t)).Select(t => t.FullName), Is.Empty, "messages that are not records");
        Assert.That(messages.Where(t => !t.IsSealed).Select(t => t.FullName), Is.Empty, "messages open to inheritance");
    }

    [Test]
    public void Messages_WhenFound_EachHaveOneHandlerInTheirOwnUseCaseFolder()
    {
        var handlers = Handlers().ToList();

        foreach (var message in Messages())
        {
            var own = handlers.Where(h => h.GetInterfaces().Any(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition()) && i.GetGenericArguments()[0] == message)).ToList();
            Assert.That(own, Has.Count.EqualTo(1), message.Name);
            Assert.That(own[0].Namespace, Is.EqualTo(message.Namespace), message.Name);
        }
    }

    [Test]
    public void Parsers_WhenFound_AreInternalSealedAndBuildACommandOfTheirOwnUseCase()
    {
        var parsers = Parsers().ToList();

        Assert.That(parsers.Select(p => p.Parser.Name), Is.SupersetOf(new[] { "LoginValidator", "RegisterUserValidator", "UpdateProfileValidator", "RequestResetValidator", "CompleteResetValidator", "PromoteMasterValidator" }));
        foreach (var (parser, input, command) in parsers)
        {
            Assert.That(parser.IsPublic || !parser.IsSealed, Is.False, parser.Name);
            Assert.That(input.IsAssignableTo(typeof(IMessage)), Is.False, $"{input.Name}: text goes through its parser, not the pipeline");
            Assert.That(command.IsAssignableTo(typeof(IMessage)), Is.True, command.Name);
            Assert.That(new[] { input.Namespace, command.Namespace }, Is.All.EqualTo(parser.Namespace), parser.Name);
        }
    }

    /// <summary>
    /// A parsed command holds value objects and the text that stays text (passwords, codes), all of
    /// it there: a <c>string?</c> in it would be text a handler must trust someone checked, the
    /// <c>command.X!</c> of issue 13. What is optional is a value object or a record that is null.
    /// </summary>
    [Test]
    public void ParsedCommands_WhenFound_HoldNoOptionalText()
    {
        var nullability = new NullabilityInfoContext();
        var optionalText =
            from command in Parsers().Select(p => p.Command)
            from property in command.GetProperties()
            where property.PropertyType == typeof(string) && nullability.Create(property).ReadState == NullabilityState.Nullable
            select $"{command.Name}.{property.Name}";

        Assert.That(optionalText, Is.Empty);
    }

    private static IEnumerable<(Type Parser, Type Input, Type Command)> Parsers() =>
        from type in ApplicationTypes()
        where !type.IsAbstract && type.BaseType is { IsGenericType: true } parser && parser.GetGenericTypeDefinition() == typeof(InputParser<,>)
        let arguments = type.BaseType!.GetGenericArguments()
        select (type, arguments[0], arguments[1]);

    private static IEnumerable<Type> ApplicationTypes() =>
        Layers.Application.GetTypes().Where(t => t.Namespace?.StartsWith("Ludmin.Application", StringComparison.Ordinal) == true && !t.IsDefined(typeof(CompilerGeneratedAttribute), false));

    /// <summary>The compiler gives records a clone method that nothing else can declare.</summary>
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;
}
