using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.PasswordResets.CompleteReset;

/// <summary>Sets a new password with a reset code, consumes the code and logs out every device; the fields as sent, checked by <see cref="CompleteResetValidator"/>.</summary>
public sealed record CompleteResetCommand(Caller Caller, string Email, string Code, string Password, string PasswordConfirmation) : ICommand
{
    public override string ToString() => "CompleteResetCommand";
}
