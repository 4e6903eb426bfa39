using FluentValidation;

namespace Ludmin.Application.Users.ListUsers;

internal sealed class ListUsersValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, ListUsersQuery.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListUsersQuery.MaxPageSize);
    }
}
