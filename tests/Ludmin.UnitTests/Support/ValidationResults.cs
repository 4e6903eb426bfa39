using FluentValidation.Results;

namespace Ludmin.UnitTests.Support;

internal static class ValidationResults
{
    /// <summary>The fields a validation found fault with, as the wire names them.</summary>
    public static string[] Fields(this ValidationResult result) =>
        [.. result.Errors.Select(e => e.PropertyName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static string[] MessagesFor(this ValidationResult result, string field) =>
        [.. result.Errors.Where(e => e.PropertyName == field).Select(e => e.ErrorMessage)];
}
