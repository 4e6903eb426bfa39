using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Users.PromoteMaster;

internal sealed class PromoteMasterValidator : InputParser<PromoteMasterInput, PromoteMasterCommand>
{
    private static readonly Parsed<EmailAddress> ParsedEmail = new(nameof(PromoteMasterInput.Email));

    public PromoteMasterValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.Email).ValidEmail(ParsedEmail);
        When(c => c.Password is not null, () => RuleFor(c => c.Password).NewPassword(passwords));
        RuleFor(c => c.Promotion).IsInEnum();
    }

    protected override PromoteMasterCommand ToCommand(PromoteMasterInput input, IValidationContext validated) =>
        new(ParsedEmail.From(validated), input.Password is null ? null : new MasterPassword(input.Password), input.Promotion);
}
