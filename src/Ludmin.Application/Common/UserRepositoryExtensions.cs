using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

internal static class UserRepositoryExtensions
{
    /// <summary>The user with this id, or <c>user_not_found</c>.</summary>
    public static async Task<User> LoadAsync(this IUserRepository users, UserId id, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(id, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
}
