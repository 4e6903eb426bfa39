using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Users.UpdateProfile;

internal sealed class UpdateProfileValidator : InputParser<UpdateProfileInput, UpdateProfileCommand>
{
    private static readonly Parsed<FullName> ParsedFullName = new(nameof(UpdateProfileInput.FullName));
    private static readonly Parsed<EmailAddress> ParsedEmail = new(nameof(UpdateProfileInput.Email));

    public UpdateProfileValidator(PasswordOptions passwords)
    {
        RuleFor(c => c)
            .Must(c => c.FullName is not null || c.ChangesCredentials)
            .WithName("body")
            .OverridePropertyName("body")
            .WithMessage("Send at least one of 'full_name', 'email' or 'password'.");

        When(c => c.FullName is not null, () => RuleFor(c => c.FullName).ValidFullName(ParsedFullName));
        When(c => c.Email is not null, () => RuleFor(c => c.Email).ValidEmail(ParsedEmail));
        When(c => c.Password is not null, () =>
        {
            RuleFor(c => c.Password).NewPassword(passwords);
            RuleFor(c => c.PasswordConfirmation)
                .NotEmpty()
                .Equal(c => c.Password).WithMessage("'{PropertyName}' must equal 'password'.");
        });
        When(c => c.ChangesCredentials, () =>
            RuleFor(c => c.CurrentPassword)
                .NotEmpty().WithMessage("'{PropertyName}' is required to change the email or the password.")
                .MaximumLength(passwords.MaxLength));
    }

    protected override UpdateProfileCommand ToCommand(UpdateProfileInput input, IValidationContext validated)
    {
        var credentials = input.ChangesCredentials
            ? new CredentialChange(
                Required(input.CurrentPassword, nameof(input.CurrentPassword)),
                input.Email is null ? null : ParsedEmail.From(validated),
                input.Password)
            : null;
        return new UpdateProfileCommand(input.Caller, input.IdOrMe, input.FullName is null ? null : ParsedFullName.From(validated), credentials);
    }
}
