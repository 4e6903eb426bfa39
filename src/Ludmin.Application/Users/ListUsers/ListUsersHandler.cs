using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.ListUsers;

internal sealed class ListUsersHandler(IUserRepository users) : IQueryHandler<ListUsersQuery, UserPage>
{
    public async ValueTask<UserPage> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        if (!query.Caller.IsMaster)
        {
            throw new DomainException(Errors.Forbidden, "Listing users needs a master token.");
        }

        var skip = (query.Page - 1) * query.PageSize;
        var page = await users.ListAsync(skip, query.PageSize, cancellationToken);
        var total = await users.CountAsync(cancellationToken);
        return new UserPage([.. page.Select(u => u.ToProfileFor(query.Caller))], query.Page, query.PageSize, total);
    }
}
