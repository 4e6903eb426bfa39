namespace Ludmin.Domain.Users;

/// <summary>
/// A place in the creation order of users (creation time, then id): the last user a page
/// showed, from which the next page continues. Both parts together are unique, so a page
/// that starts strictly after a position neither repeats nor skips a user.
/// </summary>
public readonly record struct UserListPosition(DateTimeOffset CreatedAt, UserId Id)
{
    public static UserListPosition Of(User user) => new(user.CreatedAt, user.Id);
}
