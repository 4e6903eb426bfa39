using System.Net;
using System.Reflection;
using Ludmin.Api.ErrorHandling;
using Ludmin.Domain.Common;

namespace Ludmin.UnitTests.Architecture;

/// <summary>
/// The Domain speaks of rules, not of HTTP: the transport's errors and every status live in the
/// Api (<see cref="ApiErrors"/>), which alone maps a domain error's kind to a status.
/// </summary>
public sealed class DomainTransportTests
{
    [Test]
    public void DomainErrors_WhenListed_HoldNoneOfTheTransportsCodes() =>
        Assert.That(Errors.All.Select(e => e.Code), Has.None.AnyOf(ApiErrors.Transport.Select(e => e.Code).ToArray()));

    [Test]
    public void ErrorKind_WhenItsMembersAreListed_NamesNoHttpStatus() =>
        Assert.That(Enum.GetNames<ErrorKind>(), Has.None.AnyOf(Enum.GetNames<HttpStatusCode>()));

    [Test]
    public void ErrorKind_WhenItsValuesAreListed_HoldsNoHttpStatusNumber() =>
        Assert.That(Enum.GetValues<ErrorKind>().Select(kind => (int)kind), Has.All.LessThan(100));

    [Test]
    public void DomainErrorTypes_WhenTheirMembersAreRead_HoldNoNumberAndNoHttpStatus()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

        var numbers = new[] { typeof(Error), typeof(DomainException), typeof(Errors) }
            .SelectMany(type => type.GetProperties(all).Select(p => $"{type.Name}.{p.Name}: {p.PropertyType.Name}")
                .Concat(type.GetFields(all).Select(f => $"{type.Name}.{f.Name}: {f.FieldType.Name}")))
            .Where(member => member.EndsWith(": Int32", StringComparison.Ordinal) || member.EndsWith(": HttpStatusCode", StringComparison.Ordinal));

        Assert.That(numbers, Is.Empty, "an error's kind says what it means; the Api gives it a status");
        Assert.That(Layers.Domain.ReferencedNames(), Has.None.StartsWith("System.Net"));
    }

    [Test]
    public void ApiErrors_WhenEachErrorKindIsMapped_GiveEveryKindOneClientOrServerStatus() =>
        Assert.That(Enum.GetValues<ErrorKind>().Select(ApiErrors.StatusOf), Has.All.InRange(400, 599));

    [TestCase("malformed_request", 400)]
    [TestCase("payload_too_large", 413)]
    [TestCase("unsupported_media_type", 415)]
    [TestCase("method_not_allowed", 405)]
    [TestCase("rate_limited", 429)]
    [TestCase("token_missing", 401)]
    public void ApiErrors_WhenTheTransportsErrorsAreListed_HoldTheSixTheIssueNamedWithTheirStatuses(string code, int status) =>
        Assert.That(ApiErrors.Transport.Single(e => e.Code == code).Status, Is.EqualTo(status));
}
