using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.PromoteMaster;

internal sealed class PromoteMasterHandler(IUserRepository users, IPasswordHasher hasher, ISecurityEvents events, TimeProvider clock)
    : ICommandHandler<PromoteMasterCommand, PromoteMasterOutcome>
{
    private const string MasterName = "Master";

    public async ValueTask<PromoteMasterOutcome> Handle(PromoteMasterCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Create(command.Email);
        var existing = await users.FindByEmailAsync(email, cancellationToken);
        if (existing is not null && !existing.CurrentEmail.SameAddressAs(email))
        {
            // The address is in somebody's history: promoting them by an old address would surprise.
            throw new DomainException(Errors.UserNotFound, "No user has this as the current email.");
        }

        if (existing is null)
        {
            if (command.Password is null)
            {
                throw new DomainException(Errors.UserNotFound, "No user has this email; give a password to create the master.");
            }

            var master = User.Register(UserId.New(), FullName.Create(MasterName), email, await hasher.HashAsync(command.Password, cancellationToken), clock.GetUtcNow());
            master.PromoteToMaster(clock.GetUtcNow());
            await users.AddAsync(master, cancellationToken);
            events.MasterPromoted(master.Id, created: true);
            return PromoteMasterOutcome.Created;
        }

        return await ConflictRetry.RunAsync(async attempt =>
        {
            var user = attempt == 1 ? existing : await users.LoadAsync(existing.Id, cancellationToken);
            if (!user.PromoteToMaster(clock.GetUtcNow()))
            {
                return PromoteMasterOutcome.AlreadyMaster;
            }

            await users.UpdateAsync(user, cancellationToken);
            events.MasterPromoted(user.Id, created: false);
            return PromoteMasterOutcome.Promoted;
        });
    }
}
