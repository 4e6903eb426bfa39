using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.RegisterUser;

internal sealed class RegisterUserHandler(IUserRepository users, IPasswordHasher hasher, ISecurityEvents events, TimeProvider clock, RegistrationTurns turns)
    : ICommandHandler<RegisterUserCommand, UserProfile>
{
    public async ValueTask<UserProfile> Handle(RegisterUserCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Create(command.Email);

        // A taken address is refused before the hash, and registrations of one address take
        // turns here: a burst of them costs one hash, not one each, and cannot fill the hashing
        // lanes and turn the others into 503s. Registration says email_in_use anyway, so the
        // look-up tells nothing new.
        using var turn = await turns.TakeAsync(email.Normalized, cancellationToken);
        if (await users.FindByEmailAsync(email, cancellationToken) is not null)
        {
            throw new DomainException(Errors.EmailInUse, field: "email");
        }

        var hash = await hasher.HashAsync(command.Password, cancellationToken);
        var user = User.Register(UserId.New(), FullName.Create(command.FullName), email, hash, clock.GetUtcNow());

        // The look-up above only spares the hash: the store's unique index still decides, so two
        // registrations racing for one free address cannot both win.
        await users.AddAsync(user, cancellationToken);
        events.UserRegistered(user.Id, command.Caller.ClientAddress);
        return user.ToProfile() with { SecondFactors = [], RecoveryCodesLeft = 0 };
    }
}
