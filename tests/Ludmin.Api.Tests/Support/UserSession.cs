namespace Ludmin.Api.Tests.Support;

/// <summary>A registered user logged in on one device.</summary>
public sealed record UserSession(TestUser User, TokenInfo Login)
{
    public string Token => Login.Token;

    public string DeviceId => Login.DeviceId;

    /// <summary>The login session the token belongs to (its <c>sid</c> claim).</summary>
    public string SessionId => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(Login.Token).GetPayloadValue<string>("sid");
}
