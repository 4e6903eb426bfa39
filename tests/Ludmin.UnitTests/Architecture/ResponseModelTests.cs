using System.Reflection;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;

namespace Ludmin.UnitTests.Architecture;

public sealed class ResponseModelTests
{
    [TestCase(typeof(UserProfile))]
    [TestCase(typeof(UserSummary))]
    [TestCase(typeof(UserEmailEntry))]
    [TestCase(typeof(UserDevice))]
    [TestCase(typeof(UserPage))]
    [TestCase(typeof(TokenResult))]
    public void Properties_WhenListed_NeverHoldAPasswordHashOrCode(Type model)
    {
        // recovery_codes_left is a count of codes, not a code.
        var names = model.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Where(n => n != nameof(UserProfile.RecoveryCodesLeft)).ToList();

        Assert.That(names, Is.Not.Empty);
        Assert.That(names, Has.None.Contains("Password").And.None.Contains("Hash").And.None.Contains("Code").And.None.Contains("Version"));
    }

    [Test]
    public void TokenResult_WhenPrinted_DoesNotShowTheToken()
    {
        var result = new TokenResult("secret.jwt.value", "abcdef0123456789abcdef0123456789", null, TokenKind.Public, DateTimeOffset.UnixEpoch);

        Assert.That(result.ToString(), Does.Not.Contain("secret.jwt.value"));
    }

    [Test]
    public void ResetCodeMessage_WhenPrinted_DoesNotShowTheCodeOrTheAddress()
    {
        var message = new ResetCodeMessage("ann@example.com", "482913", DateTimeOffset.UnixEpoch);

        Assert.That(message.ToString(), Does.Not.Contain("482913").And.Not.Contain("ann@example.com"));
    }
}
