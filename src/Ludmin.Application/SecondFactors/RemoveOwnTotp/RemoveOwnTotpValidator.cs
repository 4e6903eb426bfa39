using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.SecondFactors.RemoveOwnTotp;

internal sealed class RemoveOwnTotpValidator : AbstractValidator<RemoveOwnTotpCommand>
{
    public RemoveOwnTotpValidator(PasswordOptions passwords) =>
        RuleFor(c => c.CurrentPassword).OfferedPassword(passwords);
}
