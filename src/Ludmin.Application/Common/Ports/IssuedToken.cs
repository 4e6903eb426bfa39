namespace Ludmin.Application.Common.Ports;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>Tokens are secrets: records print their members, this one does not.</summary>
    public override string ToString() => $"IssuedToken(expires {ExpiresAt:O})";
}
