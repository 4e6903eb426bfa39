using Ludmin.Application.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.PasswordResets.IssueResetCode;

/// <summary>
/// The work behind a reset request, done after the request was answered (see
/// <see cref="Common.Ports.IResetRequestQueue"/>): a code for a user's current email, the live
/// one again while it lives, handed to the delivery; nothing for any other address.
/// </summary>
public sealed record IssueResetCodeCommand(Caller Caller, EmailAddress Email) : ICommand;
