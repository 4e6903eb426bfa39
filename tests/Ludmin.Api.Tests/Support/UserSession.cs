namespace Ludmin.Api.Tests.Support;

/// <summary>A registered user logged in on one device.</summary>
public sealed record UserSession(TestUser User, TokenInfo Login)
{
    public string Token => Login.Token;

    public string DeviceId => Login.DeviceId;
}
