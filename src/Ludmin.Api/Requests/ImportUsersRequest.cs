namespace Ludmin.Api.Requests;

/// <summary>Users to import from another system, with the password hashes they had there.</summary>
/// <param name="Users">At most 1,000 users; each is answered on its own, in the order sent.</param>
public sealed record ImportUsersRequest(IReadOnlyList<ImportUserRequest?>? Users)
{
    public override string ToString() => $"ImportUsersRequest({Users?.Count ?? 0} users)";
}
