using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>Compares users member by member: a store must give back exactly what it was given.</summary>
internal static class UserAssert
{
    public static void SameState(User? actual, User expected)
    {
        Assert.That(actual, Is.Not.Null, "the user was not found");
        Assert.Multiple(() =>
        {
            Assert.That(actual!.Id, Is.EqualTo(expected.Id));
            Assert.That(actual.FullName, Is.EqualTo(expected.FullName));
            Assert.That(actual.PasswordHash, Is.EqualTo(expected.PasswordHash));
            Assert.That(actual.PasswordHistory, Is.EqualTo(expected.PasswordHistory));
            Assert.That(actual.IsMaster, Is.EqualTo(expected.IsMaster));
            Assert.That(actual.CreatedAt, Is.EqualTo(expected.CreatedAt));
            Assert.That(actual.UpdatedAt, Is.EqualTo(expected.UpdatedAt));
            Assert.That(
                actual.Emails.Select(e => (e.Address.Value, e.IsCurrent, e.IsVerified, e.InsertedAt, e.UpdatedAt)),
                Is.EqualTo(expected.Emails.Select(e => (e.Address.Value, e.IsCurrent, e.IsVerified, e.InsertedAt, e.UpdatedAt))));
            Assert.That(
                actual.Devices.Select(d => (d.DeviceId, d.Description.Value, d.SessionId, d.FirstSeen, d.LastUsed, d.Generation, d.RotatedAt, d.GraceGeneration)),
                Is.EqualTo(expected.Devices.Select(d => (d.DeviceId, d.Description.Value, d.SessionId, d.FirstSeen, d.LastUsed, d.Generation, d.RotatedAt, d.GraceGeneration))));
        });
    }
}
