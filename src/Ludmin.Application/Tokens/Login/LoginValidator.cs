using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Tokens.Login;

internal sealed class LoginValidator : WireNamedValidator<LoginCommand>
{
    public LoginValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Password).OfferedPassword(passwords);
        RuleFor(c => c.Description)
            .Must(text => DeviceDescription.TryCreate(text, out _))
            .WithMessage($"'{{PropertyName}}' must be at most {DeviceDescription.MaxLength} characters without control characters.");
    }
}
