using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>Builds users for storage tests; times are fixed so round-trips compare exactly.</summary>
internal static class Users
{
    /// <summary>
    /// Far in the future: MongoDB's TTL monitor removes reset codes by the server's own clock,
    /// and would otherwise delete a test's code (long expired by then) in the middle of the test.
    /// </summary>
    public static readonly DateTimeOffset Epoch = new(2226, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private static int _counter;

    public static string UniqueEmail(string prefix = "user") =>
        $"{prefix}.{Interlocked.Increment(ref _counter)}.{Guid.NewGuid():N}@Example.com";

    public static PasswordHash Hash(string label) => PasswordHash.FromStored($"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ${label}");

    public static User New(string? email = null, DateTimeOffset? at = null) =>
        User.Register(UserId.New(), FullName.Create("Ann Lee"), EmailAddress.Create(email ?? UniqueEmail()), Hash("first"), at ?? Epoch);
}
