using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Tokens.Login;

internal sealed class LoginValidator : AbstractValidator<LoginCommand>
{
    public LoginValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Password).OfferedPassword(passwords);
        RuleFor(c => c.Description).ValidDeviceDescription();
    }
}
