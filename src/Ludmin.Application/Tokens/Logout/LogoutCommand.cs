using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.Tokens.Logout;

/// <summary>Unlinks a device, which may be any device of the caller's user.</summary>
public sealed record LogoutCommand(Caller Caller, string DeviceId) : ICommand;
