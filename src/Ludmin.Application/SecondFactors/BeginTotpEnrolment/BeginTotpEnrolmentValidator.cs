using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.SecondFactors.BeginTotpEnrolment;

internal sealed class BeginTotpEnrolmentValidator : AbstractValidator<BeginTotpEnrolmentCommand>
{
    public BeginTotpEnrolmentValidator(PasswordOptions passwords) =>
        RuleFor(c => c.CurrentPassword).OfferedPassword(passwords);
}
