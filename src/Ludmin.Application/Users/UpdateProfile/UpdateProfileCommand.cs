using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.UpdateProfile;

/// <summary>
/// Changes any of name, email and password in one call, all or nothing. Email and password
/// changes come with the caller's own current password (<see cref="CredentialChange"/>).
/// </summary>
public sealed record UpdateProfileCommand(Caller Caller, string IdOrMe, FullName? FullName, CredentialChange? Credentials) : ICommand<UserProfile>
{
    public override string ToString() => $"UpdateProfileCommand({IdOrMe})";
}
