using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Users.RegisterUser;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

/// <summary>The Application's validators name fields as on the wire, whoever builds them; validators of other types keep FluentValidation's own names.</summary>
public sealed class WireFieldNamesTests
{
    [Test]
    public void Validate_WhenAValidatorIsBuiltOnItsOwn_NamesFieldsAndMessagesInSnakeCase()
    {
        var result = new RegisterUserValidator(new PasswordOptions()).Validate(new RegisterUserCommand(TestData.Visitor(), "Ann Lee", "ann@example.com", "s3cret-password", null!));

        Assert.That(result.Errors.Select(f => f.PropertyName).Distinct(), Is.EqualTo(new[] { "password_confirmation" }));
        Assert.That(result.Errors.Select(f => f.ErrorMessage), Has.Some.EqualTo("'password_confirmation' must not be empty."));
    }

    [Test]
    public void Validate_WhenTheValidatedTypeIsNotTheApplications_KeepsFluentValidationsOwnNames()
    {
        var result = new OutsideValidator().Validate(new Outside(null));

        Assert.That(result.Errors.Select(f => f.PropertyName), Is.EqualTo(new[] { "PasswordConfirmation" }));
        Assert.That(result.Errors.Select(f => f.ErrorMessage), Is.EqualTo(new[] { "'Password Confirmation' must not be empty." }));
    }

    private sealed record Outside(string? PasswordConfirmation);

    private sealed class OutsideValidator : AbstractValidator<Outside>
    {
        public OutsideValidator() => RuleFor(o => o.PasswordConfirmation).NotEmpty();
    }
}
