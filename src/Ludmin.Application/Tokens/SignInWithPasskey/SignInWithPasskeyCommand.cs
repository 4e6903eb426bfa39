using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Tokens.SignInWithPasskey;

/// <summary>Signs in with a passkey alone: the authenticator's answer (WebAuthn's <c>AuthenticationResponseJSON</c>, as text) links the caller's device as a password login does.</summary>
/// <param name="Description">What to call the device; none sent, or blank, keeps the one a device signing in again had.</param>
public sealed record SignInWithPasskeyCommand(Caller Caller, string Credential, string? Description) : ICommand<TokenResult>
{
    public override string ToString() => $"SignInWithPasskeyCommand(device {Caller.DeviceId})";
}
