using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.IssuePublicToken;

internal sealed class IssuePublicTokenHandler(ITokenIssuer tokens) : ICommandHandler<IssuePublicTokenCommand, TokenResult>
{
    public ValueTask<TokenResult> Handle(IssuePublicTokenCommand command, CancellationToken cancellationToken)
    {
        // The rule of the original description (docs/seed.md): the device id is the client's to choose, and nothing is stored for it.
        var deviceId = DeviceId.TryParse(command.DeviceId, out var given) ? given : DeviceId.New();
        var token = tokens.IssuePublic(deviceId);
        return ValueTask.FromResult(TokenResult.Public(token, deviceId));
    }
}
