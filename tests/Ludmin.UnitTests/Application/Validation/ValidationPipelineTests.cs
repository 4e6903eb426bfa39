using FluentValidation;
using Ludmin.Application;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Users.GetUser;
using Ludmin.Application.Users.RegisterUser;
using Ludmin.Application.Users.UpdateProfile;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Architecture;
using Ludmin.UnitTests.Support;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Ludmin.UnitTests.Application.Validation;

/// <summary>
/// Messages sent as every sender sends them (a controller, the command line, the start-up),
/// through the real container and mediator: <c>ValidationBehaviour</c> runs the message's one
/// validator and refuses with every field at once, before any handler runs.
/// </summary>
public sealed class ValidationPipelineTests : IDisposable
{
    private readonly Mock<IUserRepository> _users = new();
    private readonly Mock<IPasswordHasher> _hasher = new();
    private readonly ServiceProvider _provider;
    private readonly IServiceScope _scope;

    public ValidationPipelineTests()
    {
        var services = new ServiceCollection();
        services.AddApplication();
        services.AddSingleton(_users.Object);
        services.AddSingleton(_hasher.Object);
        services.AddSingleton(Mock.Of<IPasswordResetRepository>());
        services.AddSingleton(HandlerFixture.NoSecondFactors().Object);
        services.AddSingleton(Mock.Of<Ludmin.Domain.SecondFactors.ISecondFactorChallengeRepository>());
        services.AddSingleton(Mock.Of<ILoginThrottleRepository>());
        services.AddSingleton(Mock.Of<ITotpCodes>());
        services.AddSingleton(Mock.Of<ISecretSealer>());
        services.AddSingleton(Mock.Of<IRecoveryCodeProtector>());
        services.AddSingleton(Mock.Of<ITokenIssuer>());
        services.AddSingleton(Mock.Of<IResetCodeProtector>());
        services.AddSingleton(Mock.Of<IResetCodeDelivery>());
        services.AddSingleton(Mock.Of<IResetRequestQueue>());
        services.AddSingleton<TimeProvider>(TestData.Clock());
        services.AddSingleton(new PasswordOptions());
        services.AddSingleton(new ResetCodeOptions());
        services.AddSingleton(Mock.Of<ILoginThrottleRepository>());
        services.AddSingleton(new LoginThrottleOptions());
        services.AddSingleton(new RefreshRotationOptions());
        services.AddSingleton(Mock.Of<ISecurityEvents>());
        services.AddSingleton(Mock.Of<Ludmin.Domain.Passkeys.IPasskeyRepository>(p =>
            p.CountByUserAsync(It.IsAny<IReadOnlyCollection<UserId>>(), It.IsAny<CancellationToken>()) == Task.FromResult<IReadOnlyDictionary<UserId, int>>(new Dictionary<UserId, int>())));
        services.AddSingleton(Mock.Of<Ludmin.Domain.Passkeys.IPasskeyChallengeRepository>());
        services.AddSingleton(Mock.Of<IWebAuthn>());
        services.AddSingleton(new PasskeyOptions());
        services.AddSingleton(Mock.Of<IImportedPasswordHashes>());
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _scope = _provider.CreateScope();
        _hasher.Setup(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Hash());
    }

    private ISender Sender => _scope.ServiceProvider.GetRequiredService<ISender>();

    [Test]
    public void Send_WhenCommandIsInvalid_ThrowsRequestValidationExceptionWithEveryFieldAndNeverRunsTheHandler()
    {
        var command = new RegisterUserCommand(TestData.Visitor(), "", "not-an-email", "short", "different");

        var thrown = Assert.ThrowsAsync<RequestValidationException>(async () => await Sender.Send(command));

        Assert.That(thrown, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(thrown!.Error, Is.EqualTo(Errors.ValidationFailed));
            Assert.That(thrown.FieldErrors.Keys, Is.EquivalentTo(new[] { "full_name", "email", "password", "password_confirmation" }));
            Assert.That(thrown.FieldErrors["password_confirmation"], Is.EqualTo(new[] { "'password_confirmation' must equal 'password'." }));
            Assert.That(thrown.FieldErrors["email"], Has.Some.Contains("'email'"));
        });
        _hasher.VerifyNoOtherCalls();
        _users.VerifyNoOtherCalls();
    }

    [Test]
    public void Send_WhenAFieldBreaksSeveralRules_ReportsEveryRuleOfItOnce()
    {
        var command = new RegisterUserCommand(TestData.Visitor(), "Ann Lee", new string('a', 300), "s3cret-password", "s3cret-password");

        var thrown = Assert.ThrowsAsync<RequestValidationException>(async () => await Sender.Send(command));

        Assert.That(thrown!.FieldErrors["email"], Is.EqualTo(new[]
        {
            "The length of 'email' must be 254 characters or fewer. You entered 300 characters.",
            "'email' is not a valid email address.",
        }));
    }

    [Test]
    public void Send_WhenCredentialsChangeWithoutCurrentPassword_RefusesOnCurrentPasswordBeforeReadingTheUser()
    {
        var caller = Caller.ForUser(DeviceId.New(), UserId.New());
        var command = new UpdateProfileCommand(caller, "me", null, "ann@example.org", null, null, CurrentPassword: null);

        var thrown = Assert.ThrowsAsync<RequestValidationException>(async () => await Sender.Send(command));

        Assert.That(thrown?.FieldErrors.Keys, Is.EqualTo(new[] { "current_password" }));
        _users.VerifyNoOtherCalls();
        _hasher.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Send_WhenCommandIsValid_RunsTheHandler()
    {
        var profile = await Sender.Send(new RegisterUserCommand(TestData.Visitor(), " Ann Lee ", " ann@example.com ", "s3cret-password", "s3cret-password"));

        Assert.That(profile.CurrentEmail, Is.EqualTo("ann@example.com"));
        Assert.That(profile.FullName, Is.EqualTo("Ann Lee"));
        _users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Send_WhenMessageHasNoValidator_GoesStraightToTheHandler()
    {
        var user = TestData.User();
        _users.Setup(u => u.FindByIdAsync(user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(user);

        var view = await Sender.Send(new GetUserQuery(Caller.ForUser(DeviceId.New(), user.Id), "me"));

        Assert.That(view.Profile?.Id, Is.EqualTo(user.Id.Value));
    }

    /// <summary>
    /// The container holds exactly one validator for each message that carries text, and none for
    /// the others, for every message the code declares (<see cref="UseCaseCatalog"/>): a validator
    /// left out, or not registered, fails here.
    /// </summary>
    [Test]
    public void Validators_WhenResolvedForEveryMessage_AreOneForEachMessageThatCarriesTextAndNoneForTheOthers()
    {
        var carryingText = UseCaseCatalog.MessagesCarryingText();
        var messages = UseCaseCatalog.Messages().ToList();

        Assert.That(messages, Is.SupersetOf(carryingText).And.Count.GreaterThan(carryingText.Count));
        Assert.Multiple(() =>
        {
            foreach (var message in messages)
            {
                var validators = (IEnumerable<IValidator>)_scope.ServiceProvider.GetRequiredService(typeof(IEnumerable<>).MakeGenericType(typeof(IValidator<>).MakeGenericType(message)));
                Assert.That(validators.Count(), Is.EqualTo(carryingText.Contains(message) ? 1 : 0), message.Name);
            }
        });
    }

    public void Dispose()
    {
        _scope.Dispose();
        _provider.Dispose();
    }
}
