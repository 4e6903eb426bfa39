using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Generating;

/// <summary>
/// The users generate-users writes: user number n has the address <c>user{n}@generated.test</c> (so a
/// benchmark can log in as any of them), the one shared <see cref="Password"/>, and one linked
/// device (odd n) or two (even n), each with a login session of its own.
/// </summary>
public static class SyntheticUsers
{
    /// <summary>Every generated user's password. Known on purpose: generating users is refused outside Development and Testing.</summary>
    public const string Password = "generate-users password";

    public const string Domain = "generated.test";

    public static string Email(long number) => $"user{number}@{Domain}";

    internal static User Create(long number, PasswordHash hash, DateTimeOffset createdAt)
    {
        var user = User.Register(UserId.New(), FullName.Create($"Generated User {number}"), EmailAddress.Create(Email(number)), hash, createdAt);
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Generated laptop"), createdAt);
        if (number % 2 == 0)
        {
            user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Generated phone"), createdAt);
        }

        return user;
    }
}
