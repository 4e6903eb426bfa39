using System.Text.RegularExpressions;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// What makes a use case, checked for every one the code holds (<see cref="UseCaseCatalog"/>, by
/// reflection): one message, one handler, and one validator exactly when the message carries text.
/// </summary>
public sealed partial class MessageConventionTests
{
    [Test]
    public void Handlers_WhenFound_AreInternalAndSealed()
    {
        var handlers = UseCaseCatalog.Handlers().ToList();

        Assert.That(handlers, Is.Not.Empty);
        Assert.That(handlers.Where(t => t.IsPublic || t.IsNestedPublic).Select(t => t.FullName), Is.Empty, "public handlers");
        Assert.That(handlers.Where(t => !t.IsSealed).Select(t => t.FullName), Is.Empty, "handlers open to inheritance");
    }

    [Test]
    public void Handlers_WhenFound_EachHandleOneMessageOfTheirOwnFolder()
    {
        foreach (var handler in UseCaseCatalog.Handlers())
        {
            var messages = UseCaseCatalog.HandledMessages(handler).ToList();
            Assert.That(messages, Has.Count.EqualTo(1), handler.Name);
            Assert.That(messages[0].Namespace, Is.EqualTo(handler.Namespace), handler.Name);
        }
    }

    [Test]
    public void Messages_WhenFound_AreSealedRecords()
    {
        var messages = UseCaseCatalog.Messages().ToList();

        Assert.That(messages, Is.Not.Empty);
        Assert.That(messages.Where(t => !IsRecord(t)).Select(t => t.FullName), Is.Empty, "messages that are not records");
        Assert.That(messages.Where(t => !t.IsSealed).Select(t => t.FullName), Is.Empty, "messages open to inheritance");
    }

    [Test]
    public void Messages_WhenFound_EachHaveOneHandlerInTheirOwnUseCaseFolder()
    {
        var handlers = UseCaseCatalog.Handlers().ToList();

        foreach (var message in UseCaseCatalog.Messages())
        {
            var own = handlers.Where(h => UseCaseCatalog.HandledMessages(h).Contains(message)).ToList();
            Assert.That(own, Has.Count.EqualTo(1), message.Name);
            Assert.That(own[0].Namespace, Is.EqualTo(message.Namespace), message.Name);
        }
    }

    /// <summary>A use-case folder (<c>Ludmin.Application.&lt;Area&gt;.&lt;UseCase&gt;</c>) is one use case: one message named for it.</summary>
    [Test]
    public void UseCaseFolders_WhenFound_EachHoldOneMessageNamedForTheFolder()
    {
        var folders = UseCaseCatalog.ApplicationTypes()
            .Select(t => t.Namespace!)
            .Where(n => n.Split('.') is [_, _, not "Common", _])
            .Distinct()
            .ToList();

        Assert.That(folders, Is.Not.Empty);
        foreach (var folder in folders)
        {
            var useCase = folder.Split('.')[^1];
            var messages = UseCaseCatalog.Messages().Where(m => m.Namespace == folder).Select(m => m.Name);
            Assert.That(messages, Is.EqualTo(new[] { useCase + "Command" }).Or.EqualTo(new[] { useCase + "Query" }), folder);
        }
    }

    [Test]
    public void Validators_WhenFound_AreInternalSealedAndNamedForTheMessageOfTheirOwnFolder()
    {
        var validators = UseCaseCatalog.Validators().ToList();

        Assert.That(validators, Is.Not.Empty);
        foreach (var (validator, validated) in validators)
        {
            Assert.That(UseCaseCatalog.Messages(), Does.Contain(validated), $"{validator.Name} validates a message, not {validated.Name}");
            Assert.That(validator.IsPublic || !validator.IsSealed, Is.False, $"{validator.Name} is internal and sealed");
            Assert.That(validator.Namespace, Is.EqualTo(validated.Namespace), validator.Name);
            Assert.That(validator.Name, Is.EqualTo(MessageSuffix().Replace(validated.Name, "Validator")), validator.Name);
        }
    }

    [Test]
    public void Actions_WhenFound_EachAreNamedForTheOneMessageTheySend()
    {
        var actions = UseCaseCatalog.Actions().ToList();

        Assert.That(actions, Is.Not.Empty);
        foreach (var action in actions)
        {
            Assert.That(UseCaseCatalog.MessagesNamedFor(action), Has.Length.EqualTo(1), $"{action.DeclaringType!.Name}.{action.Name}");
        }
    }

    /// <summary>
    /// Exactly the messages that carry text (from a body, a query, the settings or the command
    /// line) have a validator, and one each: the one validation path, run for every sender by
    /// <c>ValidationBehaviour</c>.
    /// </summary>
    [Test]
    public void Messages_WhenTheyCarryText_HaveExactlyOneValidatorAndNoOthersHaveAny()
    {
        var carryingText = UseCaseCatalog.MessagesCarryingText();
        var validated = UseCaseCatalog.Validators().Select(v => v.Validated).ToList();

        Assert.That(carryingText, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var message in carryingText)
            {
                Assert.That(validated.Count(v => v == message), Is.EqualTo(1), $"validators of {message.Name}");
            }

            Assert.That(validated.Where(v => !carryingText.Contains(v)).Select(v => v.Name), Is.Empty, "validators of messages that carry no text");
        });
    }

    /// <summary>The compiler gives records a clone method that nothing else can declare.</summary>
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    [GeneratedRegex("(Command|Query)$")]
    private static partial Regex MessageSuffix();
}
