using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.Users.GetUser;

/// <summary>A user by id or <c>me</c>: the full profile for the user and masters, the summary for others.</summary>
public sealed record GetUserQuery(Caller Caller, string IdOrMe) : IQuery<UserView>;
