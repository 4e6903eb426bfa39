using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Validation;

/// <summary>
/// The field rules several messages share, written once. The rules that stand for a value object
/// ask the value object itself (<c>TryCreate</c>), so what passes here is exactly what its handler
/// can make into one.
/// </summary>
internal static class ValidationRules
{
    /// <summary>An email address (<see cref="EmailAddress"/>).</summary>
    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty()
            .MaximumLength(EmailAddress.MaxLength)
            .Must(text => EmailAddress.TryCreate(text, out _)).WithMessage("'{PropertyName}' is not a valid email address.");

    /// <summary>A full name (<see cref="FullName"/>).</summary>
    public static IRuleBuilderOptions<T, string?> ValidFullName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty()
            .MaximumLength(FullName.MaxLength)
            .Must(text => FullName.TryCreate(text, out _)).WithMessage($"'{{PropertyName}}' must be 1 to {FullName.MaxLength} characters without control characters.");

    /// <summary>A device description (<see cref="DeviceDescription"/>); none, or blank, is one too.</summary>
    public static IRuleBuilderOptions<T, string?> ValidDeviceDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => DeviceDescription.TryCreate(text, out _))
            .WithMessage($"'{{PropertyName}}' must be at most {DeviceDescription.MaxLength} characters without control characters.");

    /// <summary>The password policy for a new password.</summary>
    public static IRuleBuilderOptions<T, string?> NewPassword<T>(this IRuleBuilder<T, string?> rule, PasswordOptions options) =>
        rule.NotEmpty()
            .MinimumLength(options.MinLength)
            .MaximumLength(options.MaxLength)
            .Must(text => text is null || !text.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>A password offered to be checked: bounded, so a huge one costs no hashing.</summary>
    public static IRuleBuilderOptions<T, string?> OfferedPassword<T>(this IRuleBuilder<T, string?> rule, PasswordOptions options) =>
        rule.NotEmpty().MaximumLength(options.MaxLength);

    /// <summary>A passkey's name (<see cref="PasskeyName"/>).</summary>
    public static IRuleBuilderOptions<T, string?> ValidPasskeyName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty()
            .Must(text => PasskeyName.TryCreate(text, out _)).WithMessage($"'{{PropertyName}}' must be 1 to {PasskeyName.MaxLength} characters without control characters.");

    /// <summary>
    /// An authenticator's answer as WebAuthn's JSON (the browser's <c>toJSON()</c>), whose members are
    /// WebAuthn's to name: here only present and bounded; what it says is the library's to judge.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> WebAuthnCredential<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(MaxCredentialLength);

    /// <summary>Generous for an attestation with a certificate chain, and within the 16 KiB body limit anyway.</summary>
    public const int MaxCredentialLength = 16 * 1024;
}
