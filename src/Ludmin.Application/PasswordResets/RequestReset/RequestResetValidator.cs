using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.PasswordResets.RequestReset;

internal sealed class RequestResetValidator : WireNamedValidator<RequestResetCommand>
{
    public RequestResetValidator() => RuleFor(c => c.Email).ValidEmail();
}
