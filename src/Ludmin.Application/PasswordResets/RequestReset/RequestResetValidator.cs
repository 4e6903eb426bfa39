using FluentValidation;
using Ludmin.Application.Common.Validation;
using Ludmin.Domain.Users;

namespace Ludmin.Application.PasswordResets.RequestReset;

internal sealed class RequestResetValidator : InputParser<RequestResetInput, RequestResetCommand>
{
    private static readonly Parsed<EmailAddress> ParsedEmail = new(nameof(RequestResetInput.Email));

    public RequestResetValidator() => RuleFor(c => c.Email).ValidEmail(ParsedEmail);

    protected override RequestResetCommand ToCommand(RequestResetInput input, IValidationContext validated) => new(input.Caller, ParsedEmail.From(validated));
}
