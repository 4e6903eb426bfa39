namespace Ludmin.Application.Users.PromoteMaster;

/// <summary>
/// The password a master created by <see cref="PromoteMasterCommand"/> gets; it meets the password
/// policy (made by <see cref="PromoteMasterValidator"/>). A record, so "no password" is a null
/// one rather than optional text in the command.
/// </summary>
public sealed record MasterPassword(string Text)
{
    public override string ToString() => "MasterPassword";
}
