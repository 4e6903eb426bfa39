using System.Reflection;
using Ludmin.Domain.Common;

namespace Ludmin.UnitTests.Architecture;

public sealed class ErrorCatalogTests
{
    private static IEnumerable<Error> DeclaredErrors() =>
        typeof(Errors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Error))
            .Select(f => (Error)f.GetValue(null)!);

    [Test]
    public void All_WhenListed_HasUniqueCodes()
    {
        Assert.That(Errors.All, Is.Not.Empty);
        Assert.That(Errors.All.Select(e => e.Code), Is.Unique);
    }

    [Test]
    public void All_WhenListed_HoldsEveryDeclaredErrorOnce() =>
        Assert.That(Errors.All, Is.EquivalentTo(DeclaredErrors()));

    [Test]
    public void All_WhenListed_HasSnakeCaseCodesAndATitleEach()
    {
        Assert.That(Errors.All.Select(e => e.Code), Has.All.Match("^[a-z]+(_[a-z]+)*$"));
        Assert.That(Errors.All.Select(e => e.Title), Has.None.Empty);
    }

    [TestCase("email_in_use")]
    [TestCase("invalid_credentials")]
    [TestCase("current_password_invalid")]
    [TestCase("validation_failed")]
    [TestCase("token_invalid")]
    [TestCase("forbidden")]
    public void All_WhenListed_HoldsTheCodesTheSpecNames(string code) =>
        Assert.That(Errors.All.Select(e => e.Code), Does.Contain(code));
}
