using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.RegisterUser;

internal sealed class RegisterUserHandler(IUserRepository users, IPasswordHasher hasher, ISecurityEvents events, TimeProvider clock)
    : ICommandHandler<RegisterUserCommand, UserProfile>
{
    public async ValueTask<UserProfile> Handle(RegisterUserCommand command, CancellationToken cancellationToken)
    {
        var hash = await hasher.HashAsync(command.Password, cancellationToken);
        var user = User.Register(UserId.New(), FullName.Create(command.FullName), EmailAddress.Create(command.Email), hash, clock.GetUtcNow());

        // No look-up first: the store's unique index alone decides whether the address is free,
        // so two registrations racing for one address cannot both win.
        await users.AddAsync(user, cancellationToken);
        events.UserRegistered(user.Id, command.Caller.ClientAddress);
        return user.ToProfile() with { SecondFactors = [], RecoveryCodesLeft = 0 };
    }
}
