using Ludmin.Application.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.PasswordResets.CompleteReset;

/// <summary>Sets a new password with a reset code, consumes the code and logs out every device.</summary>
/// <param name="Password">The new password, which meets the password policy (made by <see cref="CompleteResetValidator"/>).</param>
public sealed record CompleteResetCommand(Caller Caller, EmailAddress Email, string Code, string Password) : ICommand
{
    public override string ToString() => "CompleteResetCommand";
}
