using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Users.RegisterUser;
using Ludmin.Application;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.UnitTests.Application.Validation;

/// <summary>Validators name fields as on the wire by themselves, with no process-wide setting.</summary>
public sealed class WireNamedValidatorTests
{
    [Test]
    public void AddApplication_WhenCalled_LeavesFluentValidationsGlobalOptionsAsTheyWere()
    {
        var propertyNames = ValidatorOptions.Global.PropertyNameResolver;
        var displayNames = ValidatorOptions.Global.DisplayNameResolver;

        new ServiceCollection().AddApplication();

        Assert.That(ValidatorOptions.Global.PropertyNameResolver, Is.SameAs(propertyNames));
        Assert.That(ValidatorOptions.Global.DisplayNameResolver, Is.SameAs(displayNames));
    }

    [Test]
    public void Validate_WhenAValidatorIsBuiltOnItsOwn_NamesFieldsAndMessagesInSnakeCase()
    {
        var result = new RegisterUserValidator(new PasswordOptions()).Validate(new RegisterUserInput(TestData.Visitor(), "Ann Lee", "ann@example.com", "s3cret-password", null));

        Assert.That(result.Errors.Select(f => f.PropertyName).Distinct(), Is.EqualTo(new[] { "password_confirmation" }));
        Assert.That(result.Errors.Select(f => f.ErrorMessage), Has.Some.EqualTo("'password_confirmation' must not be empty."));
    }
}
