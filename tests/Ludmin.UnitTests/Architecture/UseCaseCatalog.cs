using System.Reflection;
using System.Runtime.CompilerServices;
using FluentValidation;
using Ludmin.Application.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// The use cases as the code declares them, found by reflection and never listed by hand: the
/// Application's messages, handlers and validators, and the controller actions that send them. A
/// use case added, renamed or left half-done shows up here by itself.
/// </summary>
internal static class UseCaseCatalog
{
    private static readonly Type[] HandlerInterfaces =
        [typeof(ICommandHandler<>), typeof(ICommandHandler<,>), typeof(IQueryHandler<,>), typeof(IRequestHandler<>), typeof(IRequestHandler<,>)];

    /// <summary>The Application's own types (not the mediator's generated code).</summary>
    public static IEnumerable<Type> ApplicationTypes() =>
        Layers.Application.GetTypes().Where(t => t.Namespace?.StartsWith("Ludmin.Application", StringComparison.Ordinal) == true && !t.IsDefined(typeof(CompilerGeneratedAttribute), false));

    public static IEnumerable<Type> Messages() =>
        ApplicationTypes().Where(t => t.IsAssignableTo(typeof(IMessage)) && !t.IsAbstract && !t.IsInterface);

    public static IEnumerable<Type> Handlers() =>
        ApplicationTypes().Where(t => HandledMessages(t).Any());

    /// <summary>The messages a handler declares it handles.</summary>
    public static IEnumerable<Type> HandledMessages(Type handler) =>
        handler.GetInterfaces().Where(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition())).Select(i => i.GetGenericArguments()[0]).Distinct();

    /// <summary>Every validator of the Application, with the type it validates.</summary>
    public static IEnumerable<(Type Validator, Type Validated)> Validators() =>
        from type in ApplicationTypes()
        where !type.IsAbstract
        from validated in type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
            .Select(i => i.GetGenericArguments()[0])
        select (type, validated);

    public static IEnumerable<MethodInfo> Actions() =>
        Layers.Api.GetTypes()
            .Where(t => t.IsAssignableTo(typeof(ControllerBase)) && !t.IsAbstract)
            .SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && !m.IsDefined(typeof(NonActionAttribute), inherit: true));

    /// <summary>The messages named for an action: <c>&lt;Action&gt;Command</c> or <c>&lt;Action&gt;Query</c> (an action is named for its use case).</summary>
    public static Type[] MessagesNamedFor(MethodInfo action) =>
        [.. Messages().Where(m => m.Name == action.Name + "Command" || m.Name == action.Name + "Query")];

    /// <summary>Whether the action binds what a client wrote in a body or a query string (path ids name a resource, and are resolved by the handler).</summary>
    public static bool TakesClientText(MethodInfo action) =>
        action.GetParameters().Any(p => p.GetCustomAttributes().OfType<IBindingSourceMetadata>()
            .Any(b => b.BindingSource == BindingSource.Body || b.BindingSource == BindingSource.Query));

    /// <summary>
    /// The messages that carry text someone wrote, so their one validator checks it before the
    /// handler makes value objects of it: those the actions build from a body or a query, and
    /// those sent from inside the process (no <see cref="Caller"/>: bootstrap settings, the
    /// command line) with text in them.
    /// </summary>
    public static HashSet<Type> MessagesCarryingText() =>
    [
        .. Actions().Where(TakesClientText).SelectMany(MessagesNamedFor),
        .. Messages().Where(m => !HasCaller(m) && m.GetProperties().Any(p => p.PropertyType == typeof(string))),
    ];

    private static bool HasCaller(Type message) => message.GetProperties().Any(p => p.PropertyType == typeof(Caller));
}
