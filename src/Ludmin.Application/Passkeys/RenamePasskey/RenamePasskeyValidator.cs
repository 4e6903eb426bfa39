using FluentValidation;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Passkeys.RenamePasskey;

internal sealed class RenamePasskeyValidator : AbstractValidator<RenamePasskeyCommand>
{
    public RenamePasskeyValidator() => RuleFor(c => c.Name).ValidPasskeyName();
}
