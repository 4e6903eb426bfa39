namespace Ludmin.Application.Common.Ports;

/// <summary>A reset code on its way to its owner. The code is a secret: it is not printed.</summary>
public sealed class ResetCodeMessage(string email, string code, DateTimeOffset expiresAt)
{
    public string Email { get; } = email;

    public string Code { get; } = code;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"ResetCodeMessage(expires {ExpiresAt:O})";
}
