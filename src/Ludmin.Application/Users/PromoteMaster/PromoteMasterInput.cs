namespace Ludmin.Application.Users.PromoteMaster;

/// <summary>
/// A promotion as the command line or the bootstrap settings give it (text);
/// <see cref="PromoteMasterValidator"/> checks it and makes the <see cref="PromoteMasterCommand"/>.
/// </summary>
public sealed record PromoteMasterInput(string? Email, string? Password)
{
    public override string ToString() => "PromoteMasterInput";
}
