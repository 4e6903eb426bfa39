using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Users.RegisterUser;

internal sealed class RegisterUserValidator : InputParser<RegisterUserInput, RegisterUserCommand>
{
    private static readonly Parsed<FullName> ParsedFullName = new(nameof(RegisterUserInput.FullName));
    private static readonly Parsed<EmailAddress> ParsedEmail = new(nameof(RegisterUserInput.Email));

    public RegisterUserValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.FullName).ValidFullName(ParsedFullName);
        RuleFor(c => c.Email).ValidEmail(ParsedEmail);
        RuleFor(c => c.Password).NewPassword(passwords);
        RuleFor(c => c.PasswordConfirmation)
            .NotEmpty()
            .Equal(c => c.Password).WithMessage("'{PropertyName}' must equal 'password'.");
    }

    protected override RegisterUserCommand ToCommand(RegisterUserInput input, IValidationContext validated) =>
        new(input.Caller, ParsedFullName.From(validated), ParsedEmail.From(validated), Required(input.Password, nameof(input.Password)));
}
