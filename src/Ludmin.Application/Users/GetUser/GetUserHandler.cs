using Ludmin.Application.Common;
using Ludmin.Application.Common.Mapping;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.GetUser;

internal sealed class GetUserHandler(IUserRepository users, ISecondFactorRepository factors, IPasskeyRepository passkeys) : IQueryHandler<GetUserQuery, UserView>
{
    public async ValueTask<UserView> Handle(GetUserQuery query, CancellationToken cancellationToken)
    {
        var targetId = TargetUser.Resolve(query.IdOrMe, query.Caller);
        var user = await users.FindByIdAsync(targetId, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
        var mayReadAll = query.Caller.IsMaster || query.Caller.UserId == user.Id;
        if (!mayReadAll)
        {
            return new UserView(null, user.ToSummary());
        }

        var profile = user.ToProfileFor(query.Caller, await factors.FindAsync(user.Id, cancellationToken));
        return new UserView(await passkeys.CountedAsync(profile, cancellationToken), user.ToSummary());
    }
}
