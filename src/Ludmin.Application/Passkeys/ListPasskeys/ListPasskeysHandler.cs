using Ludmin.Application.Common;
using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Mediator;

namespace Ludmin.Application.Passkeys.ListPasskeys;

internal sealed class ListPasskeysHandler(IPasskeyRepository passkeys, PasskeyOptions options) : IQueryHandler<ListPasskeysQuery, PasskeyList>
{
    public async ValueTask<PasskeyList> Handle(ListPasskeysQuery query, CancellationToken cancellationToken)
    {
        PasskeySwitch.EnsureEnabled(options);
        var userId = query.Caller.UserId ?? throw new DomainException(Errors.Forbidden, "Passkeys are listed with a user token.");
        var stored = await passkeys.ListAsync(userId, cancellationToken);
        return new PasskeyList([.. stored.Select(p => p.ToView())]);
    }
}
