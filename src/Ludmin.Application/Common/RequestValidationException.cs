using FluentValidation.Results;
using Ludmin.Domain.Common;

namespace Ludmin.Application.Common;

/// <summary>A request failed validation; the errors are keyed by field name as on the wire (snake_case).</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(Errors.ValidationFailed, "One or more fields are not valid.")
{
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; } = errors;

    /// <summary>The failures of one validation, grouped by field in the order the rules met them, each message once.</summary>
    internal static RequestValidationException From(IEnumerable<ValidationFailure> failures) =>
        new(failures
            .GroupBy(f => f.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal));
}
