using FluentValidation;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Tokens.IssuePublicToken;

internal sealed class IssuePublicTokenValidator : WireNamedValidator<IssuePublicTokenCommand>
{
    public IssuePublicTokenValidator() =>
        // Any string is accepted and replaced when it is not a device id, but not an absurd one.
        RuleFor(c => c.DeviceId).MaximumLength(256);
}
