using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.UnitTests.Domain;

/// <summary>
/// Issue 23, finding 4: the refresh grace is for a lost answer now and then. A session that uses
/// it at two of its last <see cref="User.GraceRotationWindow"/> rotations is being followed by a
/// copy (refreshing right after each of the owner's refreshes) and ends as reused.
/// </summary>
public sealed class UserRefreshGraceTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = TestData.Clock();
    private readonly User _user = TestData.User();
    private readonly DeviceId _device;
    private readonly SessionId _session;

    public UserRefreshGraceTests()
    {
        _device = TestData.LinkNewDevice(_user, "Phone", TestData.Now);
        _session = _user.SessionOf(_device);
    }

    [Test]
    public void RefreshSession_WithinTheGrace_RecordsTheRotationItWasUsedAtUnderTheGenerationGuard()
    {
        Rotate(0);
        var user = TestData.Copy(_user);

        Assert.That(user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace), Is.EqualTo(SessionRefresh.WithinGrace));

        var change = (DeviceChange.GraceUsed)user.DeviceChanges.Single();
        Assert.Multiple(() =>
        {
            Assert.That(user.Devices.Single().GraceGeneration, Is.EqualTo(1));
            Assert.That(change.Session, Is.EqualTo(_session));
            Assert.That(change.ExpectedGeneration, Is.EqualTo(1), "counted before the next rotation can happen");
        });
    }

    [Test]
    public void RefreshSession_WithinTheGraceAtTwoRotationsInARow_EndsTheSessionAsReused()
    {
        // The attack: the owner refreshes, the copy follows within the grace, twice.
        Rotate(0);
        Assert.That(Refresh(0), Is.EqualTo(SessionRefresh.WithinGrace));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Rotate(1);
        var user = TestData.Copy(_user);

        Assert.That(user.RefreshSession(_device, _session, 1, _clock.GetUtcNow(), Grace), Is.EqualTo(SessionRefresh.Reused));

        Assert.Multiple(() =>
        {
            Assert.That(user.Devices.Select(d => d.DeviceId), Has.No.Member(_device), "the session ends for both holders");
            Assert.That(user.DeviceChanges.Single(), Is.TypeOf<DeviceChange.Revoked>());
            Assert.That(((DeviceChange.Revoked)user.DeviceChanges.Single()).Session, Is.EqualTo(_session));
        });
    }

    [TestCase(2)]
    [TestCase(3)]
    public void RefreshSession_WithinTheGraceAgainWithinTheWindow_EndsTheSessionAsReused(int rotationsLater)
    {
        Rotate(0);
        Refresh(0);
        RotateTimes(rotationsLater);

        Assert.That(Refresh(_user.GenerationOf(_device) - 1), Is.EqualTo(SessionRefresh.Reused));
    }

    [Test]
    public void RefreshSession_WithinTheGraceAgainOnlyAfterTheWindow_GoesOn()
    {
        // A client that loses a refresh answer now and then is not taken for a copy.
        Rotate(0);
        Refresh(0);
        RotateTimes(User.GraceRotationWindow);

        Assert.That(Refresh(_user.GenerationOf(_device) - 1), Is.EqualTo(SessionRefresh.WithinGrace));
        Assert.That(_user.Devices.Single().GraceGeneration, Is.EqualTo(1 + User.GraceRotationWindow));
    }

    [Test]
    public void RefreshSession_WithinTheGraceSeveralTimesAtOneRotation_CountsOnceAndOnlyTouchesAfterTheFirst()
    {
        // Tabs racing with one token: one rotates, the others all use the grace of that rotation.
        Rotate(0);
        Assert.That(Refresh(0), Is.EqualTo(SessionRefresh.WithinGrace));
        var user = TestData.Copy(_user);

        Assert.That(user.RefreshSession(_device, _session, 0, _clock.GetUtcNow(), Grace), Is.EqualTo(SessionRefresh.WithinGrace));
        Assert.That(user.DeviceChanges.Single(), Is.TypeOf<DeviceChange.Touched>());
        Assert.That(Refresh(0), Is.EqualTo(SessionRefresh.WithinGrace));
    }

    [Test]
    public void LinkDevice_WhenTheDeviceLogsInAgain_ForgetsTheGraceUse()
    {
        Rotate(0);
        Refresh(0);

        _user.LinkDevice(_device, null, _clock.GetUtcNow().AddMinutes(1));

        Assert.That(_user.Devices.Single().GraceGeneration, Is.Null);
    }

    [TestCase(-1L, 3L)]
    [TestCase(4L, 3L)]
    public void Restore_WithAGraceGenerationOutOfRange_IsRefused(long grace, long generation) =>
        Assert.That(
            () => LinkedDevice.Restore(DeviceId.New(), DeviceDescription.Empty, SessionId.New(), TestData.Now, TestData.Now, generation, TestData.Now, grace),
            Throws.InvalidOperationException);

    private SessionRefresh Refresh(long generation) => _user.RefreshSession(_device, _session, generation, _clock.GetUtcNow(), Grace);

    private void Rotate(long generation) => Assert.That(Refresh(generation), Is.EqualTo(SessionRefresh.Rotated));

    private void RotateTimes(int times)
    {
        for (var i = 0; i < times; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            Rotate(_user.GenerationOf(_device));
        }
    }
}
