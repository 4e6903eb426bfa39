using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using System.Diagnostics.Metrics;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.Security;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class Argon2PasswordHasherTests : IDisposable
{
    private const string Password = "correct horse battery staple";

    // The reference implementation's own test vector (phc-winner-argon2, src/test.c): password "password", salt "somesalt".
    private const string ReferenceHash = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

    private readonly List<Argon2PasswordHasher> _hashers = [];
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly MeasurementCapture _measurements;

    public Argon2PasswordHasherTests()
    {
        _meters = _services.GetRequiredService<IMeterFactory>();
        _measurements = new MeasurementCapture(_meters, LudminMetrics.MeterName);
    }

    private long HashesRefused => _measurements.Measurements.Where(m => m.Instrument == "ludmin.password_hashes.refused").Sum(m => m.Value);

    [Test]
    public async Task HashAsync_WhenCalled_WritesAPhcStringWithTheConfiguredParametersAndAFreshSaltEachTime()
    {
        var hasher = Hasher(Cheap());

        var first = await hasher.HashAsync(Password, CancellationToken.None);
        var second = await hasher.HashAsync(Password, CancellationToken.None);

        // Unpadded base64 of a 16-byte salt and a 32-byte hash.
        Assert.That(first.Value, Does.Match(@"^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$"));
        Assert.That(second.Value, Is.Not.EqualTo(first.Value));
        Assert.That(first.Value.Split('$')[4], Is.Not.EqualTo(second.Value.Split('$')[4]), "salts differ");
    }

    [Test]
    public async Task VerifyAsync_WhenPasswordIsRight_Succeeds()
    {
        var hasher = Hasher(Cheap());
        var hash = await hasher.HashAsync(Password, CancellationToken.None);

        Assert.That(await hasher.VerifyAsync(Password, hash, CancellationToken.None), Is.EqualTo(PasswordVerification.Succeeded));
    }

    [TestCase("correct horse battery stapl")]
    [TestCase("Correct horse battery staple")]
    public async Task VerifyAsync_WhenPasswordIsWrong_Fails(string attempt)
    {
        var hasher = Hasher(Cheap());
        var hash = await hasher.HashAsync(Password, CancellationToken.None);

        Assert.That(await hasher.VerifyAsync(attempt, hash, CancellationToken.None), Is.EqualTo(PasswordVerification.Failed));
    }

    [Test]
    public async Task VerifyAsync_WhenHashWasMadeWithOtherParameters_SucceedsButAsksForARehash()
    {
        var old = await Hasher(Cheap(memoryKiB: 1024, iterations: 1)).HashAsync(Password, CancellationToken.None);
        var current = Hasher(Cheap(memoryKiB: 2048, iterations: 1));

        Assert.That(await current.VerifyAsync(Password, old, CancellationToken.None), Is.EqualTo(PasswordVerification.SucceededRehashNeeded));
        Assert.That(await current.VerifyAsync("wrong", old, CancellationToken.None), Is.EqualTo(PasswordVerification.Failed));
    }

    [Test]
    public async Task VerifyAsync_WhenGivenTheReferenceImplementationsHash_AcceptsOnlyItsPassword()
    {
        var hasher = Hasher(Cheap());
        var reference = PasswordHash.FromStored(ReferenceHash);

        Assert.That(await hasher.VerifyAsync("password", reference, CancellationToken.None), Is.EqualTo(PasswordVerification.SucceededRehashNeeded));
        Assert.That(await hasher.VerifyAsync("passwore", reference, CancellationToken.None), Is.EqualTo(PasswordVerification.Failed));
    }

    [TestCase("not a hash")]
    [TestCase("$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")]
    [TestCase("$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")]
    [TestCase("$argon2id$v=19$m=256,t=2$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")]
    [TestCase("$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")]
    [TestCase("$argon2id$v=19$m=256,t=2,p=1$c29t$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")]
    [TestCase("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$not*base64")]
    [TestCase("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ")]
    public async Task VerifyAsync_WhenStoredHashIsUnreadable_Fails(string stored)
    {
        var hasher = Hasher(Cheap());

        Assert.That(await hasher.VerifyAsync("password", PasswordHash.FromStored(stored), CancellationToken.None), Is.EqualTo(PasswordVerification.Failed));
    }

    [Test]
    public void SimulateVerifyAsync_WhenCalled_CompletesWithoutAHashToCheck() =>
        Assert.That(async () => await Hasher(Cheap()).SimulateVerifyAsync(Password, CancellationToken.None), Throws.Nothing);

    [Test]
    public void Constructor_WhenNoHashMayWait_Starts() =>
        Assert.That(() => Hasher(Cheap(queueLength: 0)), Throws.Nothing);

    [TestCase(0, 2000, TestName = "HashAsync_WhenTheOnlyLaneIsBusyAtDefaultCostAndNoneMayWait_RefusesWithServerBusy")]
    [TestCase(16, 1, TestName = "HashAsync_WhenTheOnlyLaneIsBusyAtDefaultCostAndTheWaitWouldPassMaxHashWait_RefusesWithServerBusy")]
    public async Task HashAsync_WhenTheOnlyLaneIsBusyAtDefaultCost_RefusesWithServerBusyAndRetryAfter(int queueLength, int maxWaitMilliseconds)
    {
        // At the default cost (19456 KiB, 2 passes, 1 lane), a hash takes milliseconds even
        // natively, far longer than submitting the other attempts back to back: none may wait
        // (no queue, or a wait limit of 1 ms below one hash's time).
        var options = new PasswordHashingOptions { MaxConcurrentHashes = 1, HashQueueLength = queueLength, MaxHashWait = TimeSpan.FromMilliseconds(maxWaitMilliseconds) };
        Assert.That((options.Argon2.MemoryKiB, options.Argon2.Iterations, options.Argon2.Parallelism), Is.EqualTo((19456, 2, 1)));
        var hasher = Hasher(options);

        var attempts = Enumerable.Range(0, 4).Select(i => hasher.HashAsync($"{Password} {i}", CancellationToken.None).AsTask()).ToArray();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (DomainException)
        {
            // Inspected below, attempt by attempt.
        }

        var hashed = attempts.Where(a => a.IsCompletedSuccessfully).Select(a => a.Result).ToList();
        var refused = attempts.Where(a => a.IsFaulted).Select(a => a.Exception!.InnerException).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(hashed, Is.Not.Empty);
            Assert.That(hashed, Has.All.Property(nameof(PasswordHash.Value)).StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
            Assert.That(refused, Is.Not.Empty);
            Assert.That(refused, Has.All.InstanceOf<ServerBusyException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.ServerBusy));
            Assert.That(refused.Cast<ServerBusyException>().Select(r => r.RetryAfter.TotalSeconds), Has.All.GreaterThanOrEqualTo(1).And.All.Matches<double>(s => s == Math.Floor(s)), "Retry-After is whole seconds, at least one");
            Assert.That(HashesRefused, Is.EqualTo(refused.Count), "each refusal counted once");
        });
    }

    [Test]
    public async Task HashAsync_WhenManyArriveAtOnceWithinMaxHashWait_HashesThemAllAndLeavesNothingQueued()
    {
        var hasher = Hasher(Cheap(memoryKiB: 1024, iterations: 1));

        var hashes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => hasher.HashAsync($"{Password} {i}", CancellationToken.None).AsTask()));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(hashes.Select(h => h.Value).Distinct().Count(), Is.EqualTo(50));
            Assert.That(HashesRefused, Is.Zero);
            Assert.That(_measurements.Sum("ludmin.password_hashes.queued"), Is.Zero);
            Assert.That(_measurements.Sum("ludmin.password_hashes.running"), Is.Zero);
            Assert.That(_measurements.DoubleMeasurements.Count(m => m.Instrument == "ludmin.password_hashes.wait_time"), Is.EqualTo(50));
            Assert.That(_measurements.DoubleMeasurements.Where(m => m.Instrument == "ludmin.password_hashes.duration").Select(m => m.Tags["engine"]), Has.Exactly(50).EqualTo("native"));
        }
    }

    [Test]
    public async Task HashAsync_WhenCancelledBeforeItRuns_GivesItsPlaceInTheQueueBack()
    {
        // The worker finds the request cancelled when its turn comes, and skips the hash.
        var hasher = Hasher(Cheap(queueLength: 1, lanes: 1));

        Assert.That(async () => await hasher.HashAsync(Password, new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_measurements.Sum("ludmin.password_hashes.queued"), Is.Zero);
            Assert.That(_measurements.DoubleMeasurements.Where(m => m.Instrument == "ludmin.password_hashes.duration"), Is.Empty, "no hash ran");
            Assert.That(await hasher.VerifyAsync(Password, await hasher.HashAsync(Password, CancellationToken.None), CancellationToken.None), Is.EqualTo(PasswordVerification.Succeeded));
        }
    }

    [Test]
    public async Task HashAsync_WhenAWorkerIsFree_CountsNoRefusal()
    {
        var hasher = Hasher(Cheap(queueLength: 0));

        await hasher.HashAsync(Password, CancellationToken.None);
        await hasher.VerifyAsync(Password, await hasher.HashAsync(Password, CancellationToken.None), CancellationToken.None);

        Assert.That(HashesRefused, Is.Zero);
    }

    public void Dispose()
    {
        foreach (var hasher in _hashers)
        {
            hasher.Dispose();
        }

        _measurements.Dispose();
        _services.Dispose();
    }

    private static PasswordHashingOptions Cheap(int memoryKiB = 1024, int iterations = 1, int queueLength = 1024, int lanes = 2) => new()
    {
        Argon2 = new Argon2Parameters { MemoryKiB = memoryKiB, Iterations = iterations, Parallelism = 1 },
        MaxConcurrentHashes = lanes,
        HashQueueLength = queueLength,
    };

    private Argon2PasswordHasher Hasher(PasswordHashingOptions options)
    {
        var hasher = new Argon2PasswordHasher(Options.Create(options), NullLogger<Argon2PasswordHasher>.Instance, new LudminMetrics(_meters));
        _hashers.Add(hasher);
        return hasher;
    }
}
