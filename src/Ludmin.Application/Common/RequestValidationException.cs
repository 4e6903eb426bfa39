using Ludmin.Domain.Common;

namespace Ludmin.Application.Common;

/// <summary>A request failed validation; the errors are keyed by field name as on the wire (snake_case).</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(Errors.ValidationFailed, "One or more fields are not valid.")
{
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; } = errors;
}
