using System.Diagnostics.Metrics;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Security;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class LoggingSecurityEventsTests : IDisposable
{
    private const string ClientAddress = "203.0.113.7";
    private const string Logins = "ludmin.logins";
    private const string AccountEvents = "ludmin.security.events";

    private static readonly UserId Ann = UserId.Parse("0195f0a1b2c3d4e5f60718293a4b5c6d");
    private static readonly UserId Master = UserId.Parse("0195f0a1b2c3d4e5f60718293a4b5c6e");
    private static readonly DeviceId Phone = DeviceId.Parse("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1");
    private static readonly DeviceId Laptop = DeviceId.Parse("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2");

    /// <summary>Each event: how it is raised, the entry it must write and the count it must add.</summary>
    private static readonly Dictionary<string, (Action<ISecurityEvents> Raise, string EventName, LogLevel Level, Dictionary<string, object?> Properties, string Counter, Dictionary<string, object?> Tags)> Cases = new()
    {
        ["LoginSucceeded"] = (
            e => e.LoginSucceeded(Ann, Phone, ClientAddress), "LoginSucceeded", LogLevel.Information,
            new() { ["UserId"] = Ann.Value, ["DeviceId"] = Phone.Value, ["ClientAddress"] = ClientAddress },
            Logins, new() { ["outcome"] = "succeeded" }),
        ["LoginFailed wrong password"] = (
            e => e.LoginFailed(Ann, Phone, LoginFailure.WrongPassword, ClientAddress), "LoginFailed", LogLevel.Warning,
            new() { ["UserId"] = Ann.Value, ["DeviceId"] = Phone.Value, ["ClientAddress"] = ClientAddress, ["Reason"] = "wrong_password" },
            Logins, new() { ["outcome"] = "failed", ["reason"] = "wrong_password" }),
        ["LoginFailed unknown email"] = (
            e => e.LoginFailed(null, Phone, LoginFailure.UnknownEmail, ClientAddress), "LoginFailed", LogLevel.Warning,
            new() { ["UserId"] = "unknown", ["DeviceId"] = Phone.Value, ["ClientAddress"] = ClientAddress, ["Reason"] = "unknown_email" },
            Logins, new() { ["outcome"] = "failed", ["reason"] = "unknown_email" }),
        ["LoginFailed throttled"] = (
            e => e.LoginFailed(Ann, Phone, LoginFailure.Throttled, ClientAddress), "LoginFailed", LogLevel.Warning,
            new() { ["UserId"] = Ann.Value, ["DeviceId"] = Phone.Value, ["ClientAddress"] = ClientAddress, ["Reason"] = "throttled" },
            Logins, new() { ["outcome"] = "failed", ["reason"] = "throttled" }),
        ["LoggedOut"] = (
            e => e.LoggedOut(Ann, Phone, Laptop, ClientAddress), "LoggedOut", LogLevel.Information,
            new() { ["UserId"] = Ann.Value, ["DeviceId"] = Phone.Value, ["LoggedOutDeviceId"] = Laptop.Value, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "logout" }),
        ["UserRegistered"] = (
            e => e.UserRegistered(Ann, ClientAddress), "UserRegistered", LogLevel.Information,
            new() { ["UserId"] = Ann.Value, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "registered" }),
        ["PasswordChanged"] = (
            e => e.PasswordChanged(Ann, Master, Laptop, ClientAddress), "PasswordChanged", LogLevel.Information,
            new() { ["UserId"] = Ann.Value, ["ChangedBy"] = Master.Value, ["DeviceId"] = Laptop.Value, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "password_changed" }),
        ["EmailChanged"] = (
            e => e.EmailChanged(Ann, Ann, Phone, ClientAddress), "EmailChanged", LogLevel.Information,
            new() { ["UserId"] = Ann.Value, ["ChangedBy"] = Ann.Value, ["DeviceId"] = Phone.Value, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "email_changed" }),
        ["ResetRequested"] = (
            e => e.ResetRequested(Ann, ClientAddress), "ResetRequested", LogLevel.Information,
            new() { ["UserId"] = Ann.Value, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "reset_requested" }),
        ["ResetRequested for nobody"] = (
            e => e.ResetRequested(null, ClientAddress), "ResetRequested", LogLevel.Information,
            new() { ["UserId"] = "none", ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "reset_requested" }),
        ["ResetCompleted"] = (
            e => e.ResetCompleted(Ann, ClientAddress), "ResetCompleted", LogLevel.Information,
            new() { ["UserId"] = Ann.Value, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "reset_completed" }),
        ["ResetRefused"] = (
            e => e.ResetRefused(Ann, ClientAddress), "ResetRefused", LogLevel.Warning,
            new() { ["UserId"] = Ann.Value, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "reset_refused" }),
        ["ResetRefused for nobody"] = (
            e => e.ResetRefused(null, ClientAddress), "ResetRefused", LogLevel.Warning,
            new() { ["UserId"] = "unknown", ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "reset_refused" }),
        ["MasterPromoted"] = (
            e => e.MasterPromoted(Master, created: true, ClientAddress), "MasterPromoted", LogLevel.Warning,
            new() { ["UserId"] = Master.Value, ["Created"] = true, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "master_promoted" }),
        ["UserDeleted"] = (
            e => e.UserDeleted(Ann, Master, Laptop, 2, ClientAddress), "UserDeleted", LogLevel.Warning,
            new() { ["UserId"] = Ann.Value, ["DeletedBy"] = Master.Value, ["DeviceId"] = Laptop.Value, ["SessionsEnded"] = 2, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "user_deleted" }),
        ["UserDeleted without sessions"] = (
            e => e.UserDeleted(Ann, Ann, Phone, 0, ClientAddress), "UserDeleted", LogLevel.Warning,
            new() { ["UserId"] = Ann.Value, ["DeletedBy"] = Ann.Value, ["DeviceId"] = Phone.Value, ["SessionsEnded"] = 0, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "user_deleted" }),
        ["RefreshReused"] = (
            e => e.RefreshReused(Ann, Phone, ClientAddress), "RefreshReused", LogLevel.Warning,
            new() { ["UserId"] = Ann.Value, ["DeviceId"] = Phone.Value, ["ClientAddress"] = ClientAddress },
            AccountEvents, new() { ["event"] = "refresh_reused" }),
    };

    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly MeasurementCapture _measurements;

    public LoggingSecurityEventsTests()
    {
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _meters = _services.GetRequiredService<IMeterFactory>();
        _measurements = new MeasurementCapture(_meters, LudminMetrics.MeterName);
    }

    public static IEnumerable<string> CaseNames => Cases.Keys;

    [TestCaseSource(nameof(CaseNames))]
    public void Raise_WhenTheEventHappens_WritesOneEntryInTheSecurityCategoryWithItsIdsAndTheClientAddress(string name)
    {
        var expected = Cases[name];

        expected.Raise(Events());

        Assert.That(_logs.Entries, Has.Count.EqualTo(1));
        var entry = _logs.Entries[0];
        Assert.Multiple(() =>
        {
            Assert.That(entry.Category, Is.EqualTo("Ludmin.Security"));
            Assert.That(entry.Category, Is.EqualTo(LoggingSecurityEvents.Category));
            Assert.That(entry.EventId.Name, Is.EqualTo(expected.EventName));
            Assert.That(entry.Level, Is.EqualTo(expected.Level));
            Assert.That(entry.Values, Is.EquivalentTo(expected.Properties));
            Assert.That(entry.Properties.ContainsKey(CapturedLogEntry.TemplateKey), Is.True, "a structured entry keeps its template");
            Assert.That(entry.Message, Does.Contain(ClientAddress));
        });
    }

    [TestCaseSource(nameof(CaseNames))]
    public void Raise_WhenTheEventHappens_AddsOneToItsCounterWithItsTags(string name)
    {
        var expected = Cases[name];

        expected.Raise(Events());

        var security = SecurityMeasurements();
        Assert.That(security, Has.Count.EqualTo(1));
        var measurement = security[0];
        Assert.Multiple(() =>
        {
            Assert.That(measurement.Instrument, Is.EqualTo(expected.Counter));
            Assert.That(measurement.Value, Is.EqualTo(1));
            Assert.That(measurement.Tags, Is.EquivalentTo(expected.Tags));
        });
    }

    [Test]
    public void Raise_WhenEveryEventHappens_GivesEachKindOfEventOneIdOfItsOwn()
    {
        var events = Events();
        foreach (var (raise, _, _, _, _, _) in Cases.Values)
        {
            raise(events);
        }

        var idsByName = _logs.Entries.GroupBy(e => e.EventId.Name).ToDictionary(g => g.Key!, g => g.Select(e => e.EventId.Id).Distinct().ToList());
        Assert.That(idsByName.Keys, Is.EquivalentTo(Cases.Values.Select(c => c.EventName).Distinct()));
        Assert.That(idsByName.Values, Has.All.Count.EqualTo(1), "one id per kind of event");
        Assert.That(idsByName.Values.Select(ids => ids[0]), Is.Unique.And.All.Not.EqualTo(0));
    }

    [Test]
    public void Raise_WhenEveryEventHappens_CountsLoginsAndAccountEventsApart()
    {
        var events = Events();
        foreach (var (raise, _, _, _, _, _) in Cases.Values)
        {
            raise(events);
        }

        var counted = SecurityMeasurements().GroupBy(m => m.Instrument).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.That(counted, Is.EquivalentTo(new Dictionary<string, long>
        {
            [Logins] = Cases.Values.Count(c => c.Counter == Logins),
            [AccountEvents] = Cases.Values.Count(c => c.Counter == AccountEvents),
        }));
    }

    // The operator's view: which events ended sessions, and which were a rate limit's refusal.
    [TestCase("LoggedOut", "ludmin.sessions.ended", "cause", "logout")]
    [TestCase("PasswordChanged", "ludmin.sessions.ended", "cause", "password_change")]
    [TestCase("ResetCompleted", "ludmin.sessions.ended", "cause", "reset")]
    [TestCase("UserDeleted", "ludmin.sessions.ended", "cause", "deletion")]
    [TestCase("RefreshReused", "ludmin.sessions.ended", "cause", "reuse")]
    [TestCase("LoginFailed throttled", "ludmin.rate_limit.refusals", "limit", "failed-logins")]
    public void Raise_WhenTheEventEndsSessionsOrIsARefusal_CountsItByCause(string name, string instrument, string tag, string value)
    {
        Cases[name].Raise(Events());

        var operations = _measurements.Measurements.Where(m => m.Instrument is not (Logins or AccountEvents)).ToList();
        Assert.That(operations, Has.Count.EqualTo(1));
        Assert.That(operations[0].Instrument, Is.EqualTo(instrument));
        Assert.That(operations[0].Tags, Is.EquivalentTo(new Dictionary<string, object?> { [tag] = value }));
    }

    [TestCase("LoginSucceeded")]
    [TestCase("LoginFailed wrong password")]
    [TestCase("UserRegistered")]
    [TestCase("EmailChanged")]
    [TestCase("ResetRequested")]
    [TestCase("UserDeleted without sessions")]
    public void Raise_WhenTheEventEndsNoSession_CountsNoSessionEnded(string name)
    {
        Cases[name].Raise(Events());

        Assert.That(_measurements.Measurements.Where(m => m.Instrument is not (Logins or AccountEvents)), Is.Empty);
    }

    private List<CapturedMeasurement> SecurityMeasurements() =>
        [.. _measurements.Measurements.Where(m => m.Instrument is Logins or AccountEvents)];

    [Test]
    public void Raise_WhenTheWorkStartedInTheProcess_NamesTheClientAddressLocal()
    {
        Events().MasterPromoted(Master, created: false, Caller.LocalAddress);

        Assert.That(_logs.Entries.Single().Values["ClientAddress"], Is.EqualTo("local"));
        Assert.That(_logs.Entries.Single().Values["Created"], Is.EqualTo(false));
    }

    public void Dispose()
    {
        _measurements.Dispose();
        _loggers.Dispose();
        _services.Dispose();
    }

    private LoggingSecurityEvents Events() => new(_loggers, new LudminMetrics(_meters), new OperationsMetrics(_meters));
}
