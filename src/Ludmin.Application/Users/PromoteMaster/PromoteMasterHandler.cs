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
        var existing = await FindHolderAsync(email, cancellationToken);
        if (existing is null)
        {
            if (command.Password is null)
            {
                throw new DomainException(Errors.UserNotFound, "No user has this email; give a password to create the master.");
            }

            var master = User.Register(UserId.New(), FullName.Create(MasterName), email, await hasher.HashAsync(command.Password, cancellationToken), clock.GetUtcNow());
            master.PromoteToMaster(clock.GetUtcNow());
            try
            {
                await users.AddAsync(master, cancellationToken);
                events.MasterPromoted(master.Id, created: true, Caller.LocalAddress);
                return PromoteMasterOutcome.Created;
            }
            catch (DomainException ex) when (ex.Error == Errors.EmailInUse)
            {
                // Several instances starting together each found nobody and inserted a master;
                // the store let one through. The loser promotes whoever holds the address now
                // (that master, most likely) instead of failing its start.
            }

            // Addresses are never given up, so the holder the store just refused for is there to read.
            existing = await FindHolderAsync(email, cancellationToken) ?? throw new DomainException(Errors.EmailInUse, field: "email");
        }

        return await PromoteAsync(existing, cancellationToken);
    }

    /// <summary>The user whose current address this is; one who held it only in the past would be a surprising master.</summary>
    private async Task<User?> FindHolderAsync(EmailAddress email, CancellationToken cancellationToken)
    {
        var holder = await users.FindByEmailAsync(email, cancellationToken);
        return holder is not null && !holder.CurrentEmail.SameAddressAs(email)
            ? throw new DomainException(Errors.UserNotFound, "No user has this as the current email.")
            : holder;
    }

    private Task<PromoteMasterOutcome> PromoteAsync(User existing, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(async attempt =>
        {
            var user = attempt == 1 ? existing : await users.LoadAsync(existing.Id, cancellationToken);
            if (!user.PromoteToMaster(clock.GetUtcNow()))
            {
                return PromoteMasterOutcome.AlreadyMaster;
            }

            await users.UpdateAsync(user, cancellationToken);
            events.MasterPromoted(user.Id, created: false, Caller.LocalAddress);
            return PromoteMasterOutcome.Promoted;
        });
}
