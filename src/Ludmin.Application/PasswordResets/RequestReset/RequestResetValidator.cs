using FluentValidation;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.PasswordResets.RequestReset;

internal sealed class RequestResetValidator : AbstractValidator<RequestResetCommand>
{
    public RequestResetValidator() => RuleFor(c => c.Email).ValidEmail();
}
