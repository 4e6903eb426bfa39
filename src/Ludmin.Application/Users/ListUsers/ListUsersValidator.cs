using FluentValidation;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Users.ListUsers;

internal sealed class ListUsersValidator : WireNamedValidator<ListUsersQuery>
{
    public ListUsersValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, ListUsersQuery.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListUsersQuery.MaxPageSize);

        // A cursor says where the page starts; a page number past the first would say it twice.
        RuleFor(q => q.Page).Equal(1).When(q => q.After is not null)
            .WithMessage("'page' cannot be combined with 'after': follow 'next' without a page number.");
        RuleFor(q => q.After)
            .Must(after => UserListCursor.TryDecode(after, out _))
            .When(q => q.After is not null)
            .WithMessage("'after' is not a cursor this API gave out: pass the 'next' of a page unchanged.");
    }
}
