using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Support;

/// <summary>
/// What handler tests open with: the ports mocked with Moq, a fake clock at <see cref="TestData.Now"/>,
/// and the set-ups most of them repeat, named for what they say. One per test (the assembly runs an
/// instance per test case); a test adds its own set-ups on top, and Moq lets a later set-up of the
/// same call win.
/// </summary>
internal sealed class HandlerFixture
{
    public Mock<IUserRepository> Users { get; } = new();

    public Mock<IPasswordHasher> Hasher { get; } = new();

    public Mock<ITokenIssuer> Tokens { get; } = new();

    public Mock<ILoginThrottleRepository> Throttles { get; } = new();

    public Mock<ISecurityEvents> Events { get; } = new();

    public FakeTimeProvider Clock { get; } = TestData.Clock();

    public LoginThrottleOptions ThrottleOptions { get; } = new();


    /// <summary>The store holds <paramref name="user"/>: found by its id, and by any address it has or had, in any case, as the store finds it.</summary>
    public User Stored(User user)
    {
        Users.Setup(u => u.FindByIdAsync(user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(user);
        Users.Setup(u => u.FindByEmailAsync(It.Is<EmailAddress>(e => user.Emails.Any(held => held.Address.SameAddressAs(e))), It.IsAny<CancellationToken>()))
            .ReturnsAsync(user);
        return user;
    }

    /// <summary>
    /// The first save of <paramref name="user"/> loses to another request's; the retry reads the
    /// copy returned here by the user's id, and its save goes through.
    /// </summary>
    public User LosesTheFirstSave(User user)
    {
        var reloaded = TestData.Copy(user);
        Users.SetupSequence(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", user.Id.Value))
            .Returns(Task.CompletedTask);
        Users.Setup(u => u.FindByIdAsync(user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(reloaded);
        return reloaded;
    }

    /// <summary><paramref name="password"/> verifies against the user's hash; any other password does not.</summary>
    public void PasswordIs(User user, string password)
    {
        Hasher.Setup(h => h.VerifyAsync(It.IsAny<string>(), user.PasswordHash, It.IsAny<CancellationToken>())).ReturnsAsync(PasswordVerification.Failed);
        Hasher.Setup(h => h.VerifyAsync(password, user.PasswordHash, It.IsAny<CancellationToken>())).ReturnsAsync(PasswordVerification.Succeeded);
    }

    /// <summary>Hashing <paramref name="password"/> gives <paramref name="hash"/>.</summary>
    public void Hashes(string password, PasswordHash hash) =>
        Hasher.Setup(h => h.HashAsync(password, It.IsAny<CancellationToken>())).ReturnsAsync(hash);

    /// <summary>Every user token issued is <c>user-jwt</c>, valid five minutes from <see cref="TestData.Now"/>.</summary>
    public void IssuesUserTokens() =>
        Tokens.Setup(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>())).Returns(new IssuedToken("user-jwt", TestData.Now.AddMinutes(5)));
}
