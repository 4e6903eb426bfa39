namespace Ludmin.Application.Users.ImportUsers;

/// <summary>One result per user, in the order they were sent.</summary>
public sealed record ImportUsersResult(IReadOnlyList<ImportUserResult> Results);
