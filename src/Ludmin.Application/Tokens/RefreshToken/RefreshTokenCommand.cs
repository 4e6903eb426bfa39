using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Tokens.RefreshToken;

/// <summary>
/// A new token for the caller's device, from a token that may have expired within the refresh
/// window: a user token while the device is still linked, otherwise a public one.
/// </summary>
public sealed record RefreshTokenCommand(Caller Caller, string DeviceId) : ICommand<TokenResult>;
