using Ludmin.Application.Common;

namespace Ludmin.Application.PasswordResets.RequestReset;

/// <summary>A reset request as sent; <see cref="RequestResetValidator"/> checks it and makes the <see cref="RequestResetCommand"/>.</summary>
public sealed record RequestResetInput(Caller Caller, string? Email);
