using FluentValidation;

namespace Ludmin.Application.Users.ListUsers;

internal sealed class ListUsersValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersValidator()
    {
        // These messages are part of the contract (clients may match them), word for
        // word: they name the page size pageSize, the parameter's C# name, not page_size.
        RuleFor(q => q.Page).InclusiveBetween(1, ListUsersQuery.MaxPage)
            .WithMessage($"The field page must be between 1 and {ListUsersQuery.MaxPage}.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListUsersQuery.MaxPageSize)
            .WithMessage($"The field pageSize must be between 1 and {ListUsersQuery.MaxPageSize}.");

        // Whether a cursor fits is judged on a page that could be asked for at all, so a request
        // out of bounds hears about its bounds alone.
        When(q => q.After is not null && HasPagingInBounds(q), () =>
        {
            // A cursor says where the page starts; a page number past the first would say it twice.
            RuleFor(q => q.Page).Equal(1)
                .WithMessage("'page' cannot be combined with 'after': follow 'next' without a page number.");
            RuleFor(q => q.After)
                .Must(after => UserListCursor.TryDecode(after, out _))
                .WithMessage("'after' is not a cursor this API gave out: pass the 'next' of a page unchanged.");
        });
    }

    private static bool HasPagingInBounds(ListUsersQuery query) =>
        query.Page is >= 1 and <= ListUsersQuery.MaxPage && query.PageSize is >= 1 and <= ListUsersQuery.MaxPageSize;
}
