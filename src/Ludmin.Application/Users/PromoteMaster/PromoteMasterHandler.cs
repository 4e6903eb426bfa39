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
        return command.Promotion == MasterPromotion.Bootstrap
            ? await BootstrapAsync(email, command.Password, cancellationToken)
            : await PromoteByAddressAsync(email, command.Password, cancellationToken);
    }

    /// <summary>The operator's promotion: whoever holds the address now becomes a master.</summary>
    private async Task<PromoteMasterOutcome> PromoteByAddressAsync(EmailAddress email, string? password, CancellationToken cancellationToken)
    {
        var existing = await FindHolderAsync(email, cancellationToken);
        if (existing is null)
        {
            if (await TryCreateAsync(email, password, cancellationToken))
            {
                return PromoteMasterOutcome.Created;
            }

            // Addresses are never given up, so the holder the store just refused for is there to read.
            existing = await FindHolderAsync(email, cancellationToken) ?? throw new DomainException(Errors.EmailInUse, field: "email");
        }

        return await PromoteAsync(existing, cancellationToken);
    }

    /// <summary>
    /// The settings' promotion, run at every start while they stay set: the address may since have
    /// passed to somebody else (the master closed the account, a stranger registered it), so it
    /// alone proves nothing. A store with a master is left alone; an existing account is promoted
    /// only when the configured password verifies against its own.
    /// </summary>
    private async Task<PromoteMasterOutcome> BootstrapAsync(EmailAddress email, string? password, CancellationToken cancellationToken)
    {
        var holder = await users.FindByEmailAsync(email, cancellationToken);
        if (IsMasterHolding(holder, email))
        {
            return PromoteMasterOutcome.AlreadyMaster;
        }

        if (await users.AnyMasterAsync(cancellationToken))
        {
            return PromoteMasterOutcome.MasterExists;
        }

        if (holder is null)
        {
            if (await TryCreateAsync(email, password, cancellationToken))
            {
                return PromoteMasterOutcome.Created;
            }

            // Lost to another instance starting at the same moment (its master now holds the
            // address), or to somebody who registered it in between, whom the password must convince.
            holder = await users.FindByEmailAsync(email, cancellationToken) ?? throw new DomainException(Errors.EmailInUse, field: "email");
            if (IsMasterHolding(holder, email))
            {
                return PromoteMasterOutcome.AlreadyMaster;
            }
        }

        return await IsTheConfiguredAccountAsync(holder, email, password, cancellationToken)
            ? await PromoteAsync(holder, cancellationToken)
            : PromoteMasterOutcome.NotTheConfiguredAccount;
    }

    private static bool IsMasterHolding(User? holder, EmailAddress email) =>
        holder is { IsMaster: true } && holder.CurrentEmail.SameAddressAs(email);

    private async Task<bool> IsTheConfiguredAccountAsync(User holder, EmailAddress email, string? password, CancellationToken cancellationToken) =>
        holder.CurrentEmail.SameAddressAs(email)
        && password is not null
        && await hasher.VerifyAsync(password, holder.PasswordHash, cancellationToken) != PasswordVerification.Failed;

    /// <summary>A new master with the address; false when the store refused it because somebody holds the address now.</summary>
    private async Task<bool> TryCreateAsync(EmailAddress email, string? password, CancellationToken cancellationToken)
    {
        if (password is null)
        {
            throw new DomainException(Errors.UserNotFound, "No user has this email; give a password to create the master.");
        }

        var master = User.Register(UserId.New(), FullName.Create(MasterName), email, await hasher.HashAsync(password, cancellationToken), clock.GetUtcNow());
        master.PromoteToMaster(clock.GetUtcNow());
        try
        {
            await users.AddAsync(master, cancellationToken);
        }
        catch (DomainException ex) when (ex.Error == Errors.EmailInUse)
        {
            // Several instances starting together each found nobody and inserted a master; the store let one through.
            return false;
        }

        events.MasterPromoted(master.Id, created: true, Caller.LocalAddress);
        return true;
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
            var user = attempt == 1 ? existing : (await users.FindByIdAsync(existing.Id, cancellationToken) ?? throw new DomainException(Errors.UserNotFound));
            if (!user.PromoteToMaster(clock.GetUtcNow()))
            {
                return PromoteMasterOutcome.AlreadyMaster;
            }

            await users.UpdateAsync(user, cancellationToken);
            events.MasterPromoted(user.Id, created: false, Caller.LocalAddress);
            return PromoteMasterOutcome.Promoted;
        });
}
