using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Users.ListUsers;

/// <summary>
/// A page of full profiles, for masters: by number (<paramref name="Page"/>, which costs more
/// the deeper it is), or from the <c>next</c> cursor of the page before (<paramref name="After"/>,
/// which costs the same at any depth).
/// </summary>
public sealed record ListUsersQuery(Caller Caller, int Page, int PageSize, string? After = null) : IQuery<UserPage>
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxPage = 1_000_000;
}
