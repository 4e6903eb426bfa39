namespace Ludmin.Application.Common.Models;

/// <summary>One page of users, in creation order.</summary>
public sealed record UserPage(IReadOnlyList<UserProfile> Items, int Page, int PageSize, long Total);
