using Ludmin.Application;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Common.Validation;
using Ludmin.Application.PasswordResets.CompleteReset;
using Ludmin.Application.PasswordResets.RequestReset;
using Ludmin.Application.Tokens.Login;
using Ludmin.Application.Users.GetUser;
using Ludmin.Application.Users.RegisterUser;
using Ludmin.Application.Users.UpdateProfile;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Ludmin.UnitTests.Application.Validation;

/// <summary>
/// Input parsed and messages sent as the API does it, through the real container and mediator:
/// text is refused by the parser with every field at once, before any handler runs.
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
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _scope = _provider.CreateScope();
        _hasher.Setup(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Hash());
    }

    private ISender Sender => _scope.ServiceProvider.GetRequiredService<ISender>();

    private InputParser<TInput, TCommand> Parser<TInput, TCommand>() => _scope.ServiceProvider.GetRequiredService<InputParser<TInput, TCommand>>();

    [Test]
    public void Parse_WhenInputIsInvalid_ThrowsRequestValidationExceptionWithEveryFieldAndNeverRunsTheHandler()
    {
        var input = new RegisterUserInput(TestData.Visitor(), "", "not-an-email", "short", "different");

        var thrown = Assert.Throws<RequestValidationException>(() => Parser<RegisterUserInput, RegisterUserCommand>().Parse(input));

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
    public void Parse_WhenCredentialsChangeWithoutCurrentPassword_RefusesOnCurrentPasswordBeforeReadingTheUser()
    {
        var caller = Caller.ForUser(DeviceId.New(), UserId.New());
        var input = new UpdateProfileInput(caller, "me", null, "ann@example.org", null, null, CurrentPassword: null);

        var thrown = Assert.Throws<RequestValidationException>(() => Parser<UpdateProfileInput, UpdateProfileCommand>().Parse(input));

        Assert.That(thrown?.FieldErrors.Keys, Is.EqualTo(new[] { "current_password" }));
        _users.VerifyNoOtherCalls();
        _hasher.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Send_WhenParsedInputIsValid_RunsTheHandler()
    {
        var command = Parser<RegisterUserInput, RegisterUserCommand>().Parse(new RegisterUserInput(TestData.Visitor(), "Ann Lee", "ann@example.com", "s3cret-password", "s3cret-password"));

        var profile = await Sender.Send(command);

        Assert.That(profile.CurrentEmail, Is.EqualTo("ann@example.com"));
        _users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Send_WhenMessageHasNoValidator_GoesStraightToTheHandler()
    {
        var user = TestData.User();
        var device = TestData.LinkNewDevice(user);
        _users.Setup(u => u.FindByIdAsync(user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(user);

        var view = await Sender.Send(new GetUserQuery(TestData.SignedIn(user, device), "me"));

        Assert.That(view.Profile, Is.Not.Null);
    }

    [Test]
    public void Parsers_WhenResolved_ExistForEveryInputTheApiSends() =>
        Assert.Multiple(() =>
        {
            Assert.That(Parser<LoginInput, LoginCommand>(), Is.Not.Null);
            Assert.That(Parser<RegisterUserInput, RegisterUserCommand>(), Is.Not.Null);
            Assert.That(Parser<UpdateProfileInput, UpdateProfileCommand>(), Is.Not.Null);
            Assert.That(Parser<RequestResetInput, RequestResetCommand>(), Is.Not.Null);
            Assert.That(Parser<CompleteResetInput, CompleteResetCommand>(), Is.Not.Null);
        });

    public void Dispose()
    {
        _scope.Dispose();
        _provider.Dispose();
    }
}
