using Ludmin.Application.Common;
using Ludmin.Domain.Users;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.UnitTests.Support;

/// <summary>Ready-made domain objects, so each test states only what matters to it.</summary>
internal static class TestData
{
    /// <summary>A fixed moment in whole milliseconds (UTC), as every stored timestamp is.</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    public const string Email = "ann@example.com";

    public static FakeTimeProvider Clock() => new(Now);

    public static PasswordHash Hash(string value = "$argon2id$stored-hash") => PasswordHash.FromStored(value);

    public static User User(string email = Email, string hash = "$argon2id$stored-hash", DateTimeOffset? at = null) =>
        Ludmin.Domain.Users.User.Register(UserId.New(), FullName.Create("Ann Lee"), EmailAddress.Create(email), Hash(hash), at ?? Now);

    public static User Master(string email = "master@example.com", string hash = "$argon2id$master-hash")
    {
        var master = User(email, hash);
        master.PromoteToMaster(Now);
        return master;
    }

    /// <summary>A separate instance with the same state, as a fresh read from the store would give.</summary>
    public static User Copy(User user) =>
        Ludmin.Domain.Users.User.Restore(
            user.Id,
            user.FullName,
            user.Emails.Select(e => UserEmail.Restore(e.Address, e.IsCurrent, e.IsVerified, e.InsertedAt, e.UpdatedAt)),
            user.PasswordHash,
            user.PasswordHistory,
            user.Devices.Select(d => LinkedDevice.Restore(d.DeviceId, d.Description, d.SessionId, d.FirstSeen, d.LastUsed, d.Generation, d.RotatedAt, d.GraceGeneration)),
            user.IsMaster,
            user.CreatedAt,
            user.UpdatedAt,
            user.Version + 1);

    /// <summary>A documentation address (RFC 5737) test callers come from.</summary>
    public const string ClientAddress = "192.0.2.10";

    /// <summary>The caller of a public token from <see cref="ClientAddress"/>: who registers and resets.</summary>
    public static Caller Visitor() => Caller.Public(DeviceId.New()) with { ClientAddress = ClientAddress };

    /// <summary>The caller a user token of the device's current session stands for.</summary>
    public static Caller SignedIn(User user, DeviceId device) =>
        Caller.ForUser(device, user.Id, user.IsMaster, user.SessionOf(device), user.GenerationOf(device));

    public static DeviceId LinkNewDevice(User user, string description = "Pixel", DateTimeOffset? at = null)
    {
        var device = DeviceId.New();
        user.LinkDevice(device, DeviceDescription.Create(description), at ?? Now);
        return device;
    }
}
