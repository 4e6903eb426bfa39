using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Validation;

/// <summary>The field rules several requests share, written once.</summary>
internal static class ValidationRules
{
    /// <summary>A bound on any free-text secret we are handed (codes, passwords to check), before any work is done on it.</summary>
    public const int MaxSecretLength = 1024;

    /// <summary>An email address; with <paramref name="into"/>, the parsed address is kept there for the command.</summary>
    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule, Parsed<EmailAddress>? into = null) =>
        rule.NotEmpty()
            .MaximumLength(EmailAddress.MaxLength)
            .Must((_, text, context) => EmailAddress.TryCreate(text, out var email) && (into is null || into.Keep(context, email))).WithMessage("'{PropertyName}' is not a valid email address.");

    /// <summary>A full name; with <paramref name="into"/>, the parsed name is kept there for the command.</summary>
    public static IRuleBuilderOptions<T, string?> ValidFullName<T>(this IRuleBuilder<T, string?> rule, Parsed<FullName>? into = null) =>
        rule.NotEmpty()
            .MaximumLength(FullName.MaxLength)
            .Must((_, text, context) => FullName.TryCreate(text, out var name) && (into is null || into.Keep(context, name))).WithMessage($"'{{PropertyName}}' must be 1 to {FullName.MaxLength} characters without control characters.");

    /// <summary>The password policy for a new password.</summary>
    public static IRuleBuilderOptions<T, string?> NewPassword<T>(this IRuleBuilder<T, string?> rule, PasswordOptions options) =>
        rule.NotEmpty()
            .MinimumLength(options.MinLength)
            .MaximumLength(options.MaxLength)
            .Must(text => text is null || !text.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>A password offered to be checked: bounded, so a huge one costs no hashing.</summary>
    public static IRuleBuilderOptions<T, string?> OfferedPassword<T>(this IRuleBuilder<T, string?> rule, PasswordOptions options) =>
        rule.NotEmpty().MaximumLength(options.MaxLength);
}
