using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Users.ListUsers;

/// <summary>A page of full profiles, for masters.</summary>
public sealed record ListUsersQuery(Caller Caller, int Page, int PageSize) : IQuery<UserPage>
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxPage = 1_000_000;
}
