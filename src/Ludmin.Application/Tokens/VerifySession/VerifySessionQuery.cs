using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.VerifySession;

/// <summary>
/// Whether a user token's session is still live: the user exists and the device is still
/// linked by the same login (session). Asked on every request that carries a user token, so a logout takes effect at once,
/// on every instance.
/// </summary>
public sealed record VerifySessionQuery(UserId UserId, DeviceId DeviceId, SessionId SessionId) : IQuery<bool>;
