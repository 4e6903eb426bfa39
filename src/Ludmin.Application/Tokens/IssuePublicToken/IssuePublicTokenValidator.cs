using FluentValidation;

namespace Ludmin.Application.Tokens.IssuePublicToken;

internal sealed class IssuePublicTokenValidator : AbstractValidator<IssuePublicTokenCommand>
{
    public IssuePublicTokenValidator() =>
        // Any string is accepted and replaced when it is not a device id, but not an absurd one.
        RuleFor(c => c.DeviceId).MaximumLength(256);
}
