using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.VerifySession;

internal sealed class VerifySessionHandler(IUserRepository users) : IQueryHandler<VerifySessionQuery, bool>
{
    public async ValueTask<bool> Handle(VerifySessionQuery query, CancellationToken cancellationToken) =>
        await users.HasSessionAsync(query.UserId, query.DeviceId, query.SessionId, cancellationToken);
}
