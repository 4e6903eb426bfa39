using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.PromoteMaster;

/// <summary>
/// Makes the user with this current email a master; with a password, creates the master when
/// nobody has the address. Sent at start-up (bootstrap settings) and by the <c>promote</c> command
/// line, which <see cref="Promotion"/> tells apart: the settings may promote far less.
/// </summary>
public sealed record PromoteMasterCommand(EmailAddress Email, MasterPassword? Password, MasterPromotion Promotion) : ICommand<PromoteMasterOutcome>
{
    public override string ToString() => "PromoteMasterCommand";
}
