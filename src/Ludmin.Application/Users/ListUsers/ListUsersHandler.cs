using Ludmin.Application.Common;
using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.ListUsers;

internal sealed class ListUsersHandler(IUserRepository users, IPasskeyRepository passkeys) : IQueryHandler<ListUsersQuery, UserPage>
{
    public async ValueTask<UserPage> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        if (!query.Caller.IsMaster)
        {
            throw new DomainException(Errors.Forbidden, "Listing users needs a master token.");
        }

        // One user more than the page tells whether another page follows, so the last page
        // answers next = null exactly (a total read beside it may already be out of date).
        var take = query.PageSize + 1;
        IReadOnlyList<User> found;
        int? pageNumber;
        if (query.After is not null)
        {
            // The validator refuses such a cursor first; this holds for a sender that skips it.
            if (!UserListCursor.TryDecode(query.After, out var after))
            {
                throw new DomainException(Errors.ValidationFailed, "'after' is not a cursor this API gave out.", field: "after");
            }

            found = await users.ListAfterAsync(after, take, cancellationToken);
            pageNumber = null;
        }
        else
        {
            found = await users.ListAsync((query.Page - 1) * query.PageSize, take, cancellationToken);
            pageNumber = query.Page;
        }

        var items = found.Count > query.PageSize ? found.Take(query.PageSize).ToList() : found;
        var next = found.Count > query.PageSize ? UserListCursor.Encode(UserListPosition.Of(items[^1])) : null;
        var total = await users.CountAsync(cancellationToken);
        var profiles = await passkeys.CountedAsync([.. items.Select(u => u.ToProfileFor(query.Caller))], cancellationToken);
        return new UserPage(profiles, pageNumber, query.PageSize, total, next);
    }
}
