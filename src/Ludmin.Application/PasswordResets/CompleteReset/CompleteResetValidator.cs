using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.PasswordResets.CompleteReset;

internal sealed class CompleteResetValidator : AbstractValidator<CompleteResetCommand>
{
    public const int MaxCodeLength = 32;

    public CompleteResetValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Code).NotEmpty().MaximumLength(MaxCodeLength);
        RuleFor(c => c.Password).NewPassword(passwords);
        RuleFor(c => c.PasswordConfirmation)
            .NotEmpty()
            .Equal(c => c.Password).WithMessage("'{PropertyName}' must equal 'password'.");
    }
}
