using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>The shipped Argon2 cost (19 MiB, 2 passes, 1 lane), which every other class lowers for speed.</summary>
public sealed class DefaultArgon2Tests : ApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { DefaultArgon2 = true };

    [Test]
    public async Task RegisterAndLogin_WhenArgon2RunsWithItsDefaults_Work()
    {
        var user = await Api.RegisterAsync();

        var token = await Api.LoginAsync(user.Email, user.Password);

        var hash = await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT password_hash FROM users WHERE id = $id", ("$id", user.Id));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.UserId, Is.EqualTo(user.Id));
            Assert.That(hash, Does.StartWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        }
    }
}
