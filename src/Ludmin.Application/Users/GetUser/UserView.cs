using Ludmin.Application.Common.Models;

namespace Ludmin.Application.Users.GetUser;

/// <summary>What the caller may see of a user: the full profile, or only the summary.</summary>
public sealed record UserView(UserProfile? Profile, UserSummary Summary);
