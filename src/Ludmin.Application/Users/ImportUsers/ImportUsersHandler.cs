using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Mediator;

namespace Ludmin.Application.Users.ImportUsers;

internal sealed class ImportUsersHandler(UserImport import, ISecurityEvents events) : ICommandHandler<ImportUsersCommand, ImportUsersResult>
{
    public async ValueTask<ImportUsersResult> Handle(ImportUsersCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        if (!caller.IsMaster || caller.UserId is not { } masterId)
        {
            throw new DomainException(Errors.Forbidden, "Importing users needs a master token.");
        }

        var results = await import.ImportAsync(command.Users ?? [], cancellationToken);
        events.UsersImported(
            masterId,
            caller.DeviceId,
            results.Count,
            results.Count(r => r.Status == ImportUserResult.Created),
            results.Count(r => r.Status == ImportUserResult.Exists),
            caller.ClientAddress);
        return new ImportUsersResult(results);
    }
}
