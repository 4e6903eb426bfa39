using FluentValidation;

namespace Ludmin.Application.Tokens.PassSecondFactor;

/// <summary>
/// Exactly one proof, bounded. Its shape is not checked here: a code of any other shape is just a
/// wrong one, answered and counted like any other, so the shape rules tell a guesser nothing.
/// </summary>
internal sealed class PassSecondFactorValidator : AbstractValidator<PassSecondFactorCommand>
{
    public const int MaxProofLength = 64;

    public PassSecondFactorValidator()
    {
        RuleFor(c => c.Code).MaximumLength(MaxProofLength);
        RuleFor(c => c.RecoveryCode).MaximumLength(MaxProofLength);
        RuleFor(c => c.Code)
            .Must((command, _) => (command.Code is not null ? 1 : 0) + (command.RecoveryCode is not null ? 1 : 0) == 1)
            .WithMessage("Send exactly one of 'code' and 'recovery_code'.");
    }
}
