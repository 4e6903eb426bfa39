using FluentValidation;
using Ludmin.Application.Common.Options;

namespace Ludmin.Application.SecondFactors.RemoveTotp;

internal sealed class RemoveTotpValidator : AbstractValidator<RemoveTotpCommand>
{
    public RemoveTotpValidator(PasswordOptions passwords)
    {
        When(c => c.TargetsCaller, () =>
            RuleFor(c => c.CurrentPassword)
                .NotEmpty().WithMessage("'{PropertyName}' is required to remove your own second factor."));
        RuleFor(c => c.CurrentPassword).MaximumLength(passwords.MaxLength);
    }
}
