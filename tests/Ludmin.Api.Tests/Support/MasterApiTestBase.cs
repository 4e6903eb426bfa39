namespace Ludmin.Api.Tests.Support;

/// <summary>A test server started with a bootstrap master, as <c>Ludmin:Bootstrap</c> configures one.</summary>
public abstract class MasterApiTestBase : ApiTestBase
{
    public const string MasterEmail = "master@ludmin.test";
    public const string MasterPassword = "master password 123";

    protected override LudminFactoryOptions FactoryOptions => new() { MasterEmail = MasterEmail, MasterPassword = MasterPassword };

    protected Task<TokenInfo> LoginAsMasterAsync() => Api.LoginAsync(MasterEmail, MasterPassword, "Master console");
}
