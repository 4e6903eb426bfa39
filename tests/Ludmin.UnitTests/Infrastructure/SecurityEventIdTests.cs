using System.Reflection;
using Ludmin.Infrastructure.Security;
using Microsoft.Extensions.Logging;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary>
/// Operators filter and alert on the security log by event id (docs/operations.md lists them), so
/// one id must name one event. Three branches once picked the same ids for different events
/// independently; this keeps the next one from doing it again.
/// </summary>
public sealed class SecurityEventIdTests
{
    [Test]
    public void EventIds_OfTheSecurityLog_NameOneEventEach()
    {
        var events = typeof(LoggingSecurityEvents)
            .GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Select(method => method.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        var shared = events
            .GroupBy(attribute => attribute.EventId)
            .Where(group => group.Select(attribute => attribute.EventName).Distinct().Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(attribute => attribute.EventName).Distinct())}")
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(events, Has.Count.GreaterThan(20), "the security log's event methods were not found");
            Assert.That(shared, Is.Empty, "event ids given to more than one event");
        });
    }
}
