using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Users.RegisterUser;

internal sealed class RegisterUserValidator : AbstractValidator<RegisterUserCommand>
{
    public RegisterUserValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.FullName).ValidFullName();
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Password).NewPassword(passwords);
        RuleFor(c => c.PasswordConfirmation)
            .NotEmpty()
            .Equal(c => c.Password).WithMessage("'{PropertyName}' must equal 'password'.");
    }
}
