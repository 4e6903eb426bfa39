using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Users.DeleteUser;

internal sealed class DeleteUserValidator : InputParser<DeleteUserInput, DeleteUserCommand>
{
    public DeleteUserValidator(PasswordOptions passwords)
    {
        When(c => c.TargetsCaller, () =>
            RuleFor(c => c.CurrentPassword)
                .NotEmpty().WithMessage("'{PropertyName}' is required to delete your own account."));
        RuleFor(c => c.CurrentPassword).MaximumLength(passwords.MaxLength);
    }

    protected override DeleteUserCommand ToCommand(DeleteUserInput input, IValidationContext validated) =>
        new(input.Caller, input.IdOrMe, input.CurrentPassword is null ? null : new CallerPassword(input.CurrentPassword));
}
