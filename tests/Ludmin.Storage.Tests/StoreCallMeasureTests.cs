using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Ludmin.Storage.Tests;

/// <summary>
/// Every repository operation, as the services register it, is one span <c>store {operation}</c>
/// and one measurement of <c>ludmin.store.call.duration</c>, named <c>repository.method</c> and
/// tagged with its outcome, measured inside the store itself (no proxy in front of it).
/// </summary>
public sealed class StoreCallMeasureTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ludmin-store-calls-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task EveryRepositoryOperation_OnSqlite_IsOneSpanAndOneMeasurementNamedForIt()
    {
        await using var services = Build([]);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        var users = services.GetRequiredService<IUserRepository>();
        var resets = services.GetRequiredService<IPasswordResetRepository>();
        var throttles = services.GetRequiredService<ILoginThrottleRepository>();
        var user = Users.New();
        var key = Throttles.UniqueKey();
        using var calls = new CapturedCalls(services);

        await users.AddAsync(user, CancellationToken.None);
        var read = (await users.FindByIdAsync(user.Id, CancellationToken.None))!;
        await users.FindByEmailAsync(user.CurrentEmail, CancellationToken.None);
        read.LinkDevice(DeviceId.New(), null, Users.Epoch);
        await users.UpdateAsync(read, CancellationToken.None);
        var linked = (await users.FindByIdAsync(user.Id, CancellationToken.None))!;
        var device = linked.Devices.Single();
        await users.HasSessionAsync(user.Id, device.DeviceId, device.SessionId, CancellationToken.None);
        linked.TouchDevice(device.DeviceId, Users.Epoch.AddMinutes(1));
        await users.UpdateAsync(linked, CancellationToken.None);
        await users.ListAsync(0, 10, CancellationToken.None);
        await users.ListAfterAsync(new UserListPosition(Users.Epoch.AddDays(-1), user.Id), 10, CancellationToken.None);
        await users.CountAsync(CancellationToken.None);
        var reset = PasswordReset.Issue(user.Id, "code-hash", Users.Epoch, TimeSpan.FromMinutes(15));
        await resets.ReplaceAsync(reset, CancellationToken.None);
        var readReset = (await resets.FindAsync(user.Id, CancellationToken.None))!;
        await resets.TryConsumeAsync(readReset, CancellationToken.None);
        await resets.DeleteExpiredAsync(Users.Epoch, CancellationToken.None);
        await throttles.RecordFailureAsync(key, Users.Epoch, Throttles.NeverBlocking, CancellationToken.None);
        await throttles.FindAsync(key, CancellationToken.None);
        await throttles.DeleteAsync(key, CancellationToken.None);
        await throttles.DeleteExpiredAsync(Users.Epoch, CancellationToken.None);
        await users.DeleteAsync(user.Id, CancellationToken.None);

        string[] expected =
        [
            "users.add", "users.find_by_id", "users.find_by_email", "users.update", "users.find_by_id", "users.has_session",
            "users.update", "users.list", "users.list_after", "users.count",
            "password_resets.replace", "password_resets.find", "password_resets.try_consume", "password_resets.delete_expired",
            "login_throttles.record_failure", "login_throttles.find", "login_throttles.delete", "login_throttles.delete_expired",
            "users.delete",
        ];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(calls.Spans.Select(s => s.DisplayName), Is.EqualTo(expected.Select(e => $"store {e}")), "one span per operation, the buffered touch too");
            Assert.That(calls.Spans.Select(s => s.GetTagItem("ludmin.store.operation")), Is.EqualTo(expected));
            Assert.That(calls.Spans.Select(s => s.GetTagItem("ludmin.store.outcome")), Is.All.EqualTo("ok"));
            Assert.That(calls.Measurements.Select(m => m.Operation), Is.EqualTo(expected), "one measurement per operation");
            Assert.That(calls.Measurements.Select(m => m.Outcome), Is.All.EqualTo("ok"));
        }
    }

    [Test]
    public async Task FailedOperations_OnSqlite_AreMeasuredWithTheirOutcome()
    {
        await using var services = Build([]);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        var users = services.GetRequiredService<IUserRepository>();
        var user = Users.New();
        await users.AddAsync(user, CancellationToken.None);
        var stale = (await users.FindByIdAsync(user.Id, CancellationToken.None))!;
        var fresh = (await users.FindByIdAsync(user.Id, CancellationToken.None))!;
        fresh.Rename(FullName.Create("First Writer"), Users.Epoch);
        await users.UpdateAsync(fresh, CancellationToken.None);
        using var calls = new CapturedCalls(services);

        stale.Rename(FullName.Create("Second Writer"), Users.Epoch);
        Assert.ThrowsAsync<ConcurrencyException>(() => users.UpdateAsync(stale, CancellationToken.None));
        Assert.ThrowsAsync<DomainException>(() => users.AddAsync(Users.New(user.CurrentEmail.Value), CancellationToken.None));

        Assert.That(calls.Measurements, Is.EqualTo(new[] { ("users.update", "conflict"), ("users.add", "refused") }));
        Assert.That(calls.Spans.Select(s => s.GetTagItem("ludmin.store.outcome")), Is.EqualTo(new[] { "conflict", "refused" }));
    }

    [Test]
    public async Task Operation_OnMongoBeforeItsIndexesExist_IsMeasuredUnavailableAndMarksTheSpanAnError()
    {
        await using var services = Build(new()
        {
            ["Ludmin:Storage:Provider"] = "Mongo",
            ["Ludmin:Storage:Mongo:ConnectionString"] = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=200&connectTimeoutMS=200",
        });
        var users = services.GetRequiredService<IUserRepository>();
        using var calls = new CapturedCalls(services);

        Assert.ThrowsAsync<DomainException>(() => users.FindByIdAsync(UserId.New(), CancellationToken.None));

        Assert.That(calls.Measurements, Is.EqualTo(new[] { ("users.find_by_id", "unavailable") }));
        var span = calls.Spans.Single();
        Assert.That(span.DisplayName, Is.EqualTo("store users.find_by_id"));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(span.GetTagItem("error.type"), Is.Not.Null);
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInfrastructure();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _folder, EnvironmentName = "Testing" });
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The spans of this test's own trace and the measurements of this provider's instrument, in
    /// the order they ended (other tests' calls run in the same process).
    /// </summary>
    private sealed class CapturedCalls : IDisposable
    {
        private readonly Activity _trace = new Activity("store-call-test").Start();
        private readonly ActivityListener _spans;
        private readonly MeterListener _measurements = new();
        private readonly List<Activity> _ended = [];
        private readonly List<(string, string)> _measured = [];

        public CapturedCalls(IServiceProvider services)
        {
            var traceId = _trace.TraceId;
            _spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == InfrastructureTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TraceId == traceId)
                    {
                        lock (_ended)
                        {
                            _ended.Add(activity);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_spans);

            var instrument = services.GetRequiredService<OperationsMetrics>().StoreCallDuration;
            _measurements.InstrumentPublished = (published, listener) =>
            {
                if (ReferenceEquals(published, instrument))
                {
                    listener.EnableMeasurementEvents(published);
                }
            };
            _measurements.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                var operation = tags.ToArray().Single(t => t.Key == "operation").Value as string;
                var outcome = tags.ToArray().Single(t => t.Key == "outcome").Value as string;
                lock (_measured)
                {
                    _measured.Add((operation!, outcome!));
                }
            });
            _measurements.Start();
        }

        public IReadOnlyList<Activity> Spans
        {
            get
            {
                lock (_ended)
                {
                    return [.. _ended];
                }
            }
        }

        public IReadOnlyList<(string Operation, string Outcome)> Measurements
        {
            get
            {
                lock (_measured)
                {
                    return [.. _measured];
                }
            }
        }

        public void Dispose()
        {
            _measurements.Dispose();
            _spans.Dispose();
            _trace.Stop();
        }
    }
}
