using System.Diagnostics.Metrics;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.PasswordResets.CompleteReset;
using Ludmin.Application.PasswordResets.IssueResetCode;
using Ludmin.Application.Tokens.Login;
using Ludmin.Application.Tokens.Logout;
using Ludmin.Application.Users.DeleteUser;
using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Application.Users.RegisterUser;
using Ludmin.Application.Users.UpdateProfile;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Security;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary>
/// The handlers reporting to the real security log: whatever an account goes through, the log
/// names ids only, never what the user typed or what the server keeps secret.
/// </summary>
public sealed class SecurityLogSecrecyTests : IDisposable
{
    private const string FullName = "Annabel Secretive";
    private const string Email = "Annabel.Secret@Example.com";
    private const string UnknownEmail = "nobody.secret@example.net";
    private const string NewEmail = "annabel.renamed@example.org";
    private const string Password = "correct horse battery";
    private const string WrongPassword = "tr0ub4dor and 3";
    private const string NewPassword = "a brand new passphrase";
    private const string ResetPassword = "the password after the reset";
    private const string Code = "482913";
    private const string WrongCode = "135790";
    private const string CodeHash = "keyed-code-hash-c0ffee";
    private const string StoredHash = "$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0c2FsdA$c2VjcmV0aGFzaA";
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzZWNyZXQiOnRydWV9.c2lnbmF0dXJl";

    private static readonly string[] EveryEvent =
    [
        "UserRegistered", "LoginFailed", "LoginSucceeded", "EmailChanged", "PasswordChanged", "LoggedOut",
        "ResetRequested", "ResetRefused", "ResetCompleted", "MasterPromoted", "UserDeleted",
    ];

    private readonly Mock<IUserRepository> _users = new();
    private readonly Mock<IPasswordHasher> _hasher = new();
    private readonly Mock<ITokenIssuer> _tokens = new();
    private readonly Mock<IPasswordResetRepository> _resets = new();
    private readonly Mock<IResetCodeProtector> _codes = new();
    private readonly FakeTimeProvider _clock = TestData.Clock();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly LoggingSecurityEvents _events;
    private readonly ResetCodeOptions _resetOptions = new();
    private User? _user;
    private PasswordReset? _reset;

    public SecurityLogSecrecyTests()
    {
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _events = new LoggingSecurityEvents(_loggers, new LudminMetrics(_services.GetRequiredService<IMeterFactory>()), new OperationsMetrics(_services.GetRequiredService<IMeterFactory>()));

        _users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .Callback<User, CancellationToken>((user, _) => _user = user)
            .Returns(Task.CompletedTask);
        _users.Setup(u => u.FindByEmailAsync(It.IsAny<EmailAddress>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((EmailAddress email, CancellationToken _) => _user is not null && _user.Emails.Any(e => e.Address.SameAddressAs(email)) ? _user : null);
        _users.Setup(u => u.FindByIdAsync(It.IsAny<UserId>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((UserId id, CancellationToken _) => _user?.Id == id ? _user : null);
        _hasher.Setup(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(PasswordHash.FromStored(StoredHash));
        _hasher.Setup(h => h.VerifyAsync(It.IsAny<string>(), It.IsAny<PasswordHash>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string password, PasswordHash _, CancellationToken _) =>
                password is Password or NewPassword ? PasswordVerification.Succeeded : PasswordVerification.Failed);
        _tokens.Setup(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>(), It.IsAny<Assurance>())).Returns(new IssuedToken(Token, TestData.Now.AddMinutes(5)));
        _resets.Setup(r => r.ReplaceAsync(It.IsAny<PasswordReset>(), It.IsAny<CancellationToken>()))
            .Callback<PasswordReset, CancellationToken>((reset, _) => _reset = reset)
            .Returns(Task.CompletedTask);
        _resets.Setup(r => r.FindAsync(It.IsAny<UserId>(), It.IsAny<CancellationToken>())).ReturnsAsync(() => _reset);
        _resets.Setup(r => r.TryCompleteAsync(It.IsAny<PasswordReset>(), It.IsAny<User>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _codes.Setup(c => c.NewCode()).Returns(Code);
        _codes.Setup(c => c.Hash(Code)).Returns(CodeHash);
        _codes.Setup(c => c.Matches(It.IsAny<string>(), It.IsAny<string>())).Returns((string code, string hash) => code == Code && hash == CodeHash);
    }

    [Test]
    public async Task SecurityLog_WhenAnAccountGoesThroughEveryEvent_HoldsNoEmailNamePasswordCodeHashOrToken()
    {
        var device = DeviceId.New();
        var throttles = Mock.Of<ILoginThrottleRepository>();
        var throttling = new LoginThrottleOptions();
        var factors = HandlerFixture.NoSecondFactors().Object;
        var passwords = new CurrentPasswordCheck(_users.Object, _hasher.Object, Mock.Of<ILoginThrottleRepository>(), new LoginThrottleOptions(), _events, _clock);
        var login = new LoginHandler(_users.Object, _hasher.Object, _tokens.Object, throttles, throttling, factors, Mock.Of<ISecondFactorChallengeRepository>(), _events, _clock);
        var completeReset = new CompleteResetHandler(_users.Object, _resets.Object, _codes.Object, _hasher.Object, _resetOptions, throttles, throttling, _events, _clock);

        await new RegisterUserHandler(_users.Object, _hasher.Object, _events, _clock, new RegistrationTurns()).Handle(new RegisterUserCommand(TestData.Visitor(), FullName, Email, Password, Password), CancellationToken.None);
        await Refused(() => login.Handle(new LoginCommand(Caller.Public(device), Email, WrongPassword, "Pixel"), CancellationToken.None).AsTask());
        await Refused(() => login.Handle(new LoginCommand(Caller.Public(device), UnknownEmail, Password, "Pixel"), CancellationToken.None).AsTask());
        await login.Handle(new LoginCommand(Caller.Public(device), Email, Password, "Pixel"), CancellationToken.None);
        await new UpdateProfileHandler(_users.Object, NoPasskeys(), _hasher.Object, passwords, new SecondFactorGuard(factors), factors, _events, _clock).Handle(
            new UpdateProfileCommand(TestData.SignedIn(_user!, device), "me", null, NewEmail, NewPassword, NewPassword, Password), CancellationToken.None);
        await new LogoutHandler(_users.Object, _events, new RefreshRotationOptions(), _clock).Handle(new LogoutCommand(TestData.SignedIn(_user!, device), device.Value), CancellationToken.None);
        await new IssueResetCodeHandler(_users.Object, _resets.Object, _codes.Object, Mock.Of<IResetCodeDelivery>(), _resetOptions, _events, _clock)
            .Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create(NewEmail)), CancellationToken.None);
        await Refused(() => completeReset.Handle(new CompleteResetCommand(TestData.Visitor(), NewEmail, WrongCode, ResetPassword, ResetPassword), CancellationToken.None).AsTask());
        await completeReset.Handle(new CompleteResetCommand(TestData.Visitor(), NewEmail, Code, ResetPassword, ResetPassword), CancellationToken.None);
        await new PromoteMasterHandler(_users.Object, _hasher.Object, _events, _clock).Handle(new PromoteMasterCommand(NewEmail, Password: null, MasterPromotion.Operator), CancellationToken.None);
        _users.Setup(u => u.DeleteAsync(_user!.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_user);
        await new DeleteUserHandler(_users.Object, passwords, new SecondFactorGuard(factors), _events).Handle(
            new DeleteUserCommand(Caller.ForUser(device, _user!.Id), "me", Password), CancellationToken.None);

        var entries = _logs.Entries;
        Assert.That(entries.Select(e => e.EventId.Name).Distinct(), Is.EquivalentTo(EveryEvent), "every kind of event was written");
        string[] secrets = [FullName, Email, UnknownEmail, NewEmail, Password, WrongPassword, NewPassword, ResetPassword, Code, WrongCode, CodeHash, StoredHash, Token, "@"];
        Assert.Multiple(() =>
        {
            foreach (var entry in entries)
            {
                var text = entry.Message + "\n" + string.Join("\n", entry.Values.Values);
                foreach (var secret in secrets)
                {
                    Assert.That(text, Does.Not.Contain(secret).IgnoreCase, $"{entry.EventId.Name} shows {secret}");
                }
            }
        });
    }

    public void Dispose()
    {
        _loggers.Dispose();
        _services.Dispose();
    }

    private static async Task Refused(Func<Task> attempt)
    {
        try
        {
            await attempt();
            Assert.Fail("the step was expected to be refused");
        }
        catch (DomainException)
        {
            // The refusal is the step: what matters is what it wrote to the log.
        }
    }

    /// <summary>Users with no passkeys: the profile's count is 0.</summary>
    private static Ludmin.Domain.Passkeys.IPasskeyRepository NoPasskeys()
    {
        var passkeys = new Mock<Ludmin.Domain.Passkeys.IPasskeyRepository>();
        passkeys.Setup(p => p.CountByUserAsync(It.IsAny<IReadOnlyCollection<Ludmin.Domain.Users.UserId>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<Ludmin.Domain.Users.UserId, int>());
        return passkeys.Object;
    }
}
