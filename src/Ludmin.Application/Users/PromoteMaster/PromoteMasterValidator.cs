using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Users.PromoteMaster;

internal sealed class PromoteMasterValidator : AbstractValidator<PromoteMasterCommand>
{
    public PromoteMasterValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.Email).ValidEmail();
        When(c => c.Password is not null, () => RuleFor(c => c.Password).NewPassword(passwords));
        RuleFor(c => c.Promotion).IsInEnum();
    }
}
