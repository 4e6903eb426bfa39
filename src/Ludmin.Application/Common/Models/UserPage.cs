namespace Ludmin.Application.Common.Models;

/// <summary>One page of users, in creation order (oldest first).</summary>
/// <param name="Items">The users of this page, as full profiles.</param>
/// <param name="Page">The page number asked for; null on a page reached by cursor (<c>after</c>), whose number is not known without counting the users before it.</param>
/// <param name="PageSize">Users per page.</param>
/// <param name="Total">Users in the store.</param>
/// <param name="Next">Pass as <c>after</c> (with the same <c>page_size</c>, or another) for the page that follows; null on the last page. Opaque: send it back unchanged.</param>
public sealed record UserPage(IReadOnlyList<UserProfile> Items, int? Page, int PageSize, long Total, string? Next);
