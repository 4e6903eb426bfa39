using FluentValidation;

namespace Ludmin.Application.Common.Validation;

/// <summary>
/// Where the rule that parses one field leaves the value object it made, for the command an
/// <see cref="InputParser{TInput,TCommand}"/> builds after the same validation. One per field, a
/// static of its parser; the value lives in that validation's context only.
/// </summary>
internal sealed class Parsed<T>(string field)
    where T : class
{
    private readonly string _key = "ludmin.parsed." + field;

    /// <summary>Keeps what the field's rule parsed; true, so a rule can end with it.</summary>
    public bool Keep(IValidationContext context, T value)
    {
        context.RootContextData[_key] = value;
        return true;
    }

    /// <summary>The value the field's rule parsed in this validation.</summary>
    /// <exception cref="InvalidOperationException">The field's rule did not run or keep its value: a parser built wrongly, never bad input.</exception>
    public T From(IValidationContext validated) =>
        validated.RootContextData.TryGetValue(_key, out var value) && value is T parsed
            ? parsed
            : throw new InvalidOperationException($"No rule parsed '{field}' in this validation.");
}
