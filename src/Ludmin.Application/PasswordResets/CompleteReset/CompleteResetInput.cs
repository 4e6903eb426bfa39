using Ludmin.Application.Common;

namespace Ludmin.Application.PasswordResets.CompleteReset;

/// <summary>A reset completion as sent; <see cref="CompleteResetValidator"/> checks it and makes the <see cref="CompleteResetCommand"/>.</summary>
public sealed record CompleteResetInput(Caller Caller, string? Email, string? Code, string? Password, string? PasswordConfirmation)
{
    public override string ToString() => "CompleteResetInput";
}
