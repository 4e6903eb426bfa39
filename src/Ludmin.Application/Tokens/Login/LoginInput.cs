using Ludmin.Application.Common;

namespace Ludmin.Application.Tokens.Login;

/// <summary>A login as sent; <see cref="LoginValidator"/> checks it and makes the <see cref="LoginCommand"/>.</summary>
public sealed record LoginInput(Caller Caller, string? Email, string? Password, string? Description)
{
    public override string ToString() => $"LoginInput(device {Caller.DeviceId})";
}
