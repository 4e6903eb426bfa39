using FluentValidation;

namespace Ludmin.Application.Users.ImportUsers;

/// <summary>
/// The call as a whole: a list of at most <see cref="ImportUsersCommand.MaxUsers"/> users. Each
/// row's own fields are part of the answer, not a refusal of the call (<see cref="UserImport"/>).
/// </summary>
internal sealed class ImportUsersValidator : AbstractValidator<ImportUsersCommand>
{
    public ImportUsersValidator()
    {
        RuleFor(c => c.Users)
            .NotNull()
            .Must(users => users is null || users.Count <= ImportUsersCommand.MaxUsers)
            .WithMessage($"'{{PropertyName}}' holds at most {ImportUsersCommand.MaxUsers} users a call; send the rest in further calls, or use the import-users command for large migrations.");
    }
}
