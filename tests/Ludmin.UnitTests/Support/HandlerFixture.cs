using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.SecondFactors;
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

    /// <summary>Second factors: none stored unless a test says so.</summary>
    public Mock<ISecondFactorRepository> SecondFactors { get; } = NoSecondFactors();

    public Mock<ISecondFactorChallengeRepository> Challenges { get; } = new();

    public FakeTimeProvider Clock { get; } = TestData.Clock();

    public LoginThrottleOptions ThrottleOptions { get; } = new();


    /// <summary>The caller's current-password check over <see cref="Users"/>, <see cref="Hasher"/> and <see cref="Throttles"/>, as the handlers get it.</summary>
    public CurrentPasswordCheck PasswordCheck() => new(Users.Object, Hasher.Object, Throttles.Object, ThrottleOptions, Events.Object, Clock);

    /// <summary>The level-2 rule over <see cref="SecondFactors"/>.</summary>
    public SecondFactorGuard Guard() => new(SecondFactors.Object);

    public static Mock<ISecondFactorRepository> NoSecondFactors()
    {
        var factors = new Mock<ISecondFactorRepository>();
        factors.Setup(f => f.FindAsync(It.IsAny<UserId>(), It.IsAny<CancellationToken>())).ReturnsAsync(SecondFactorSet.None);
        return factors;
    }

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
        Tokens.Setup(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>(), It.IsAny<Assurance>())).Returns(new IssuedToken("user-jwt", TestData.Now.AddMinutes(5)));
}
