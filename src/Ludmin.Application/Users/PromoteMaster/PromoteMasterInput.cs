namespace Ludmin.Application.Users.PromoteMaster;

/// <summary>
/// A promotion as the command line or the bootstrap settings give it (text);
/// <see cref="PromoteMasterValidator"/> checks it and makes the <see cref="PromoteMasterCommand"/>.
/// An operator's (the command line's) unless the bootstrap says otherwise.
/// </summary>
public sealed record PromoteMasterInput(string? Email, string? Password, MasterPromotion Promotion = MasterPromotion.Operator)
{
    public override string ToString() => "PromoteMasterInput";
}
