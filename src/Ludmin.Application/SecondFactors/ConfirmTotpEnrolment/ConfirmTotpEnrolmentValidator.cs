using FluentValidation;

namespace Ludmin.Application.SecondFactors.ConfirmTotpEnrolment;

/// <summary>Present and bounded; whether it is the right code (or six digits at all) is the handler's, answered <c>totp_code_invalid</c>.</summary>
internal sealed class ConfirmTotpEnrolmentValidator : AbstractValidator<ConfirmTotpEnrolmentCommand>
{
    public const int MaxCodeLength = 64;

    public ConfirmTotpEnrolmentValidator() => RuleFor(c => c.Code).NotEmpty().MaximumLength(MaxCodeLength);
}
