using Ludmin.Application.Common;
using Ludmin.Application.Common.Mapping;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.GetUser;

internal sealed class GetUserHandler(IUserRepository users) : IQueryHandler<GetUserQuery, UserView>
{
    public async ValueTask<UserView> Handle(GetUserQuery query, CancellationToken cancellationToken)
    {
        var targetId = TargetUser.Resolve(query.IdOrMe, query.Caller);
        var user = await users.FindByIdAsync(targetId, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
        var mayReadAll = query.Caller.IsMaster || query.Caller.UserId == user.Id;
        return new UserView(mayReadAll ? user.ToProfileFor(query.Caller) : null, user.ToSummary());
    }
}
