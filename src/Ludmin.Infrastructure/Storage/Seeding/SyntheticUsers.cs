using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Seeding;

/// <summary>
/// The users seed-users writes: user number n has the address <c>user{n}@seed.test</c> (so a
/// benchmark can log in as any of them), the one shared <see cref="Password"/>, and one linked
/// device (odd n) or two (even n), each with a login session of its own.
/// </summary>
public static class SyntheticUsers
{
    /// <summary>Every seeded user's password. Known on purpose: seeding is refused outside Development and Testing.</summary>
    public const string Password = "seed-users password";

    public const string Domain = "seed.test";

    public static string Email(long number) => $"user{number}@{Domain}";

    internal static User Create(long number, PasswordHash hash, DateTimeOffset createdAt)
    {
        var user = User.Register(UserId.New(), FullName.Create($"Seed User {number}"), EmailAddress.Create(Email(number)), hash, createdAt);
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Seed laptop"), createdAt);
        if (number % 2 == 0)
        {
            user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Seed phone"), createdAt);
        }

        return user;
    }
}
