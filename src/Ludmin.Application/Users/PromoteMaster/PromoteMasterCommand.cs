using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.PromoteMaster;

/// <summary>
/// Makes the user with this current email a master; with a password, creates the master when
/// nobody has the address. Sent at start-up (bootstrap settings) and by the <c>promote</c> command line.
/// </summary>
public sealed record PromoteMasterCommand(EmailAddress Email, MasterPassword? Password) : ICommand<PromoteMasterOutcome>
{
    public override string ToString() => "PromoteMasterCommand";
}
