using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Users.UpdateProfile;

internal sealed class UpdateProfileValidator : AbstractValidator<UpdateProfileCommand>
{
    public UpdateProfileValidator(PasswordOptions passwords)
    {
        RuleFor(c => c)
            .Must(c => c.FullName is not null || c.ChangesCredentials)
            .WithName("body")
            .OverridePropertyName("body")
            .WithMessage("Send at least one of 'full_name', 'email' or 'password'.");

        When(c => c.FullName is not null, () => RuleFor(c => c.FullName).ValidFullName());
        When(c => c.Email is not null, () => RuleFor(c => c.Email).ValidEmail());
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
}
