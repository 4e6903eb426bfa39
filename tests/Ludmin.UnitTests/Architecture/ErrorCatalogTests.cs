using System.Reflection;
using System.Text.RegularExpressions;
using Ludmin.Api.ErrorHandling;
using Ludmin.Domain.Common;

namespace Ludmin.UnitTests.Architecture;

public sealed partial class ErrorCatalogTests
{
    private static IEnumerable<T> Declared<T>(Type holder) =>
        holder.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(T))
            .Select(f => (T)f.GetValue(null)!);

    [Test]
    public void All_WhenListed_HasUniqueCodes()
    {
        Assert.That(ApiErrors.All, Is.Not.Empty);
        Assert.That(ApiErrors.All.Select(e => e.Code), Is.Unique, "the domain's and the transport's codes together");
    }

    [Test]
    public void All_WhenListed_HoldsEveryDeclaredErrorOnce()
    {
        Assert.That(Errors.All, Is.EquivalentTo(Declared<Error>(typeof(Errors))));
        Assert.That(ApiErrors.Transport, Is.EquivalentTo(Declared<ApiError>(typeof(ApiErrors))));
        Assert.That(ApiErrors.All.Select(e => e.Code), Is.EquivalentTo(Errors.All.Select(e => e.Code).Concat(ApiErrors.Transport.Select(e => e.Code))));
    }

    [Test]
    public void All_WhenListed_HasSnakeCaseCodesAndATitleEach()
    {
        Assert.That(ApiErrors.All.Select(e => e.Code), Has.All.Match("^[a-z]+(_[a-z]+)*$"));
        Assert.That(ApiErrors.All.Select(e => e.Title), Has.None.Empty);
    }

    [Test]
    public void All_WhenListed_AnswersEveryDomainErrorWithItsTitleAndA4xxOr5xx()
    {
        foreach (var error in Errors.All)
        {
            var answered = ApiErrors.All.Single(e => e.Code == error.Code);
            Assert.That(answered.Title, Is.EqualTo(error.Title), error.Code);
            Assert.That(answered.Status, Is.InRange(400, 599), error.Code);
        }
    }

    [TestCase("email_in_use")]
    [TestCase("invalid_credentials")]
    [TestCase("current_password_invalid")]
    [TestCase("validation_failed")]
    [TestCase("token_invalid")]
    [TestCase("forbidden")]
    public void All_WhenListed_HoldsTheCodesTheSpecNames(string code) =>
        Assert.That(ApiErrors.All.Select(e => e.Code), Does.Contain(code));

    [Test]
    public void All_WhenComparedWithTheTableInDocsApiMd_HasTheSameCodesWithTheSameStatuses()
    {
        var documented = File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "api.md"))
            .Select(line => TableRow().Match(line))
            .Where(match => match.Success)
            .Select(match => $"{match.Groups["code"].Value} {match.Groups["status"].Value}");

        Assert.That(documented, Is.EquivalentTo(ApiErrors.All.Select(e => $"{e.Code} {e.Status}")));
    }

    [GeneratedRegex(@"^\| `(?<code>[a-z_]+)` \| (?<status>\d{3}) \|")]
    private static partial Regex TableRow();

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Ludmin.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Ludmin.sln not found above " + AppContext.BaseDirectory);
    }
}
