using Ludmin.Application;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Tokens.VerifySession;
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

/// <summary>Messages sent through the real mediator, as the API sends them: validated before any handler runs.</summary>
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
        services.AddSingleton<TimeProvider>(TestData.Clock());
        services.AddSingleton(new PasswordOptions());
        services.AddSingleton(new ResetCodeOptions());
        services.AddSingleton(Mock.Of<ILoginThrottleRepository>());
        services.AddSingleton(new LoginThrottleOptions());
        services.AddSingleton(Mock.Of<ISecurityEvents>());
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
        var profile = await Sender.Send(new RegisterUserCommand(TestData.Visitor(), "Ann Lee", "ann@example.com", "s3cret-password", "s3cret-password"));

        Assert.That(profile.CurrentEmail, Is.EqualTo("ann@example.com"));
        _users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Send_WhenMessageHasNoValidator_GoesStraightToTheHandler()
    {
        var user = TestData.User();
        var device = TestData.LinkNewDevice(user);
        _users.Setup(u => u.HasSessionAsync(user.Id, device, user.SessionOf(device), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        Assert.That(await Sender.Send(new VerifySessionQuery(user.Id, device, user.SessionOf(device))), Is.True);
    }

    public void Dispose()
    {
        _scope.Dispose();
        _provider.Dispose();
    }
}
