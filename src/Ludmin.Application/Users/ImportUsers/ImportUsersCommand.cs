using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.Users.ImportUsers;

/// <summary>
/// Imports users from another system, with the password hashes they had there (masters only);
/// the list as sent, its size checked by <see cref="ImportUsersValidator"/>, each row by <see cref="UserImport"/>.
/// </summary>
public sealed record ImportUsersCommand(Caller Caller, IReadOnlyList<ImportUserEntry?>? Users) : ICommand<ImportUsersResult>
{
    /// <summary>The most users one call takes; the command line's import-users takes any number.</summary>
    public const int MaxUsers = 1000;

    public override string ToString() => $"ImportUsersCommand({Users?.Count ?? 0} users)";
}
