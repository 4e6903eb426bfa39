using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.VerifySession;

internal sealed class VerifySessionHandler(IUserRepository users) : IQueryHandler<VerifySessionQuery, bool>
{
    public async ValueTask<bool> Handle(VerifySessionQuery query, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(query.UserId, cancellationToken);
        return user is not null && user.HasSession(query.DeviceId, query.SessionId);
    }
}
