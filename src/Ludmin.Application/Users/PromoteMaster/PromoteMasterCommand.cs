using Mediator;

namespace Ludmin.Application.Users.PromoteMaster;

/// <summary>
/// Makes the user with this current email a master; with a password, creates the master when
/// nobody has the address. Sent at start-up (bootstrap settings) and by the <c>promote</c> command
/// line, as they were given (text), and checked by <see cref="PromoteMasterValidator"/>;
/// <see cref="Promotion"/> tells the two apart: the settings may promote far less.
/// </summary>
/// <param name="Password">The master's password (it meets the password policy); null to promote only.</param>
public sealed record PromoteMasterCommand(string Email, string? Password, MasterPromotion Promotion = MasterPromotion.Operator) : ICommand<PromoteMasterOutcome>
{
    public override string ToString() => "PromoteMasterCommand";
}
