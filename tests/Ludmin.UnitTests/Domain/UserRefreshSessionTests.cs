using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.UnitTests.Domain;

/// <summary>Refresh rotation: each refresh moves the session to a new generation; an old one past the grace ends it.</summary>
public sealed class UserRefreshSessionTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = TestData.Clock();
    private readonly User _user = TestData.User();
    private readonly DeviceId _device;
    private readonly SessionId _session;

    public UserRefreshSessionTests()
    {
        _device = TestData.LinkNewDevice(_user, "Phone", TestData.Now);
        _session = _user.SessionOf(_device);
    }

    [Test]
    public void LinkDevice_StartsTheSessionAtTheFirstGeneration()
    {
        Assert.That(_user.GenerationOf(_device), Is.EqualTo(LinkedDevice.FirstGeneration));
        Assert.That(_user.Devices.Single().RotatedAt, Is.Null);
    }

    [Test]
    public void RefreshSession_WithTheCurrentGeneration_MovesTheSessionToTheNextAndRecordsAGuardedRotation()
    {
        _clock.Advance(TimeSpan.FromMinutes(4));
        var user = TestData.Copy(_user);

        var outcome = user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace);

        var device = user.Devices.Single();
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SessionRefresh.Rotated));
            Assert.That(device.Generation, Is.EqualTo(1));
            Assert.That(device.RotatedAt, Is.EqualTo(_clock.GetUtcNow()));
            Assert.That(device.LastUsed, Is.EqualTo(_clock.GetUtcNow()));
            Assert.That(device.SessionId, Is.EqualTo(_session), "the same login goes on");
            Assert.That(user.ProfileChanged, Is.False);
            var rotated = (DeviceChange.Rotated)user.DeviceChanges.Single();
            Assert.That(rotated.Session, Is.EqualTo(_session));
            Assert.That(rotated.ExpectedGeneration, Is.EqualTo(0));
            Assert.That(rotated.RotatedAt, Is.EqualTo(_clock.GetUtcNow()));
        });
    }

    [Test]
    public void RefreshSession_EachTimeWithTheNewestGeneration_MovesOnEveryTime()
    {
        for (var generation = 0; generation < 5; generation++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            Assert.That(_user.RefreshSession(_device, _session, generation, _clock.GetUtcNow(), Grace), Is.EqualTo(SessionRefresh.Rotated));
        }

        Assert.That(_user.GenerationOf(_device), Is.EqualTo(5));
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(10)]
    public void RefreshSession_WithTheGenerationJustReplacedWithinTheGrace_GoesOnAtTheCurrentGeneration(int secondsLater)
    {
        _user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace);
        var user = TestData.Copy(_user);
        _clock.Advance(TimeSpan.FromSeconds(secondsLater));

        var outcome = user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SessionRefresh.WithinGrace));
            Assert.That(user.GenerationOf(_device), Is.EqualTo(1), "no second move: both holders are at the current generation");
            Assert.That(user.HasSession(_device, _session), Is.True);
            Assert.That(user.DeviceChanges.Single(), Is.TypeOf<DeviceChange.GraceUsed>(), "the first use at a rotation is counted");
            Assert.That(((DeviceChange.GraceUsed)user.DeviceChanges.Single()).ExpectedGeneration, Is.EqualTo(1));
        });
    }

    [Test]
    public void RefreshSession_WithTheGenerationJustReplacedPastTheGrace_EndsTheSessionAndUnlinksTheDevice()
    {
        _user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace);
        var user = TestData.Copy(_user);
        _clock.Advance(Grace + TimeSpan.FromMilliseconds(1));

        var outcome = user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SessionRefresh.Reused));
            Assert.That(user.Devices.Select(d => d.DeviceId), Has.No.Member(_device));
            Assert.That(user.HasSession(_device, _session), Is.False, "the newest generation's holder is out too");
            var revoked = (DeviceChange.Revoked)user.DeviceChanges.Single();
            Assert.That(revoked.DeviceId, Is.EqualTo(_device));
            Assert.That(revoked.Session, Is.EqualTo(_session), "a newer login on the device would stand");
        });
    }

    [Test]
    public void RefreshSession_WithAGenerationOlderThanTheOneJustReplaced_EndsTheSessionEvenWithinTheGrace()
    {
        _user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _user.RefreshSession(_device, _session, 1, _clock.GetUtcNow(), Grace);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(_user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace), Is.EqualTo(SessionRefresh.Reused));
        Assert.That(_user.Devices.Select(d => d.DeviceId), Has.No.Member(_device));
    }

    [Test]
    public void RefreshSession_WithAGenerationTheSessionNeverReached_EndsTheSession()
    {
        Assert.That(_user.RefreshSession(_device, _session, 7, _clock.GetUtcNow(), Grace), Is.EqualTo(SessionRefresh.Reused));
        Assert.That(_user.Devices.Select(d => d.DeviceId), Has.No.Member(_device));
    }

    [Test]
    public void RefreshSession_WithAZeroGrace_EndsTheSessionForAnyOldGeneration()
    {
        _user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), TimeSpan.Zero);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(_user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), TimeSpan.Zero), Is.EqualTo(SessionRefresh.Reused));
    }

    [Test]
    public void RefreshSession_WhenTheSessionEnded_ChangesNothing()
    {
        var older = _session;
        _user.LinkDevice(_device, null, TestData.Now.AddMinutes(1));
        var user = TestData.Copy(_user);

        var outcome = user.RefreshSession(_device, older, 0, _clock.GetUtcNow(), Grace);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(SessionRefresh.Ended));
            Assert.That(user.HasSession(_device, user.SessionOf(_device)), Is.True, "the newer login stands");
            Assert.That(user.DeviceChanges, Is.Empty);
        });
    }

    [Test]
    public void LinkDevice_WhenTheDeviceLogsInAgain_StartsTheNewSessionAtTheFirstGeneration()
    {
        _user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace);

        _user.LinkDevice(_device, null, TestData.Now.AddMinutes(1));

        Assert.That(_user.GenerationOf(_device), Is.EqualTo(LinkedDevice.FirstGeneration));
        Assert.That(_user.Devices.Single().RotatedAt, Is.Null);
    }

    [Test]
    public void Restore_WithANegativeGeneration_IsRefused() =>
        Assert.That(
            () => LinkedDevice.Restore(DeviceId.New(), DeviceDescription.Empty, SessionId.New(), TestData.Now, TestData.Now, generation: -1),
            Throws.InvalidOperationException);
}
