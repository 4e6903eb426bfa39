using FluentValidation;

namespace Ludmin.Application.Common.Validation;

/// <summary>
/// Turns a use case's input, as a sender received it (text), into its command in one pass: the
/// FluentValidation rules check every field (so a refusal lists every field, as before), and the
/// rules that parse a value object keep what they parsed (<see cref="Parsed{T}"/>), from which
/// <see cref="ToCommand"/> builds the command. Each value is parsed once, by the rule that checks
/// it, and a handler receives value objects, never text it must trust someone checked. Its
/// fields are named as on the wire (<see cref="WireNamedValidator{T}"/>).
/// </summary>
public abstract class InputParser<TInput, TCommand> : WireNamedValidator<TInput>
{
    /// <exception cref="RequestValidationException">A rule failed; the errors are keyed by field.</exception>
    public TCommand Parse(TInput input)
    {
        var context = new ValidationContext<TInput>(input);
        var result = Validate(context);
        if (!result.IsValid)
        {
            throw RequestValidationException.From(result.Errors);
        }

        return ToCommand(input, context);
    }

    /// <summary>The command, from an input every rule passed (<paramref name="validated"/> holds what they parsed).</summary>
    protected abstract TCommand ToCommand(TInput input, IValidationContext validated);

    /// <summary>Text a rule of this parser requires (<c>NotEmpty</c>), so it is there once the rules passed.</summary>
    /// <exception cref="InvalidOperationException">No rule required it: a parser built wrongly, never bad input.</exception>
    protected static string Required(string? text, string field) =>
        text ?? throw new InvalidOperationException($"No rule required '{field}' in this validation.");
}
