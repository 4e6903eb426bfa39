using FluentValidation;
using Ludmin.Application.Common.Options;

namespace Ludmin.Application.Users.DeleteUser;

internal sealed class DeleteUserValidator : AbstractValidator<DeleteUserCommand>
{
    public DeleteUserValidator(PasswordOptions passwords)
    {
        When(c => c.TargetsCaller, () =>
            RuleFor(c => c.CurrentPassword)
                .NotEmpty().WithMessage("'{PropertyName}' is required to delete your own account."));
        RuleFor(c => c.CurrentPassword).MaximumLength(passwords.MaxLength);
    }
}
