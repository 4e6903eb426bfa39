using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;
using Ludmin.Domain.Users;

namespace Ludmin.Application.PasswordResets.CompleteReset;

internal sealed class CompleteResetValidator : InputParser<CompleteResetInput, CompleteResetCommand>
{
    public const int MaxCodeLength = 32;

    private static readonly Parsed<EmailAddress> ParsedEmail = new(nameof(CompleteResetInput.Email));

    public CompleteResetValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.Email).ValidEmail(ParsedEmail);
        RuleFor(c => c.Code).NotEmpty().MaximumLength(MaxCodeLength);
        RuleFor(c => c.Password).NewPassword(passwords);
        RuleFor(c => c.PasswordConfirmation)
            .NotEmpty()
            .Equal(c => c.Password).WithMessage("'{PropertyName}' must equal 'password'.");
    }

    protected override CompleteResetCommand ToCommand(CompleteResetInput input, IValidationContext validated) =>
        new(input.Caller, ParsedEmail.From(validated), Required(input.Code, nameof(input.Code)), Required(input.Password, nameof(input.Password)));
}
