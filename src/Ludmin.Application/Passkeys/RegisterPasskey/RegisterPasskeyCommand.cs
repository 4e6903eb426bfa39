using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Passkeys.RegisterPasskey;

/// <summary>Finishes registering a passkey: the authenticator's answer (WebAuthn's <c>RegistrationResponseJSON</c>, as text) and the name to give it.</summary>
public sealed record RegisterPasskeyCommand(Caller Caller, string Name, string Credential) : ICommand<PasskeyView>
{
    public override string ToString() => $"RegisterPasskeyCommand(device {Caller.DeviceId})";
}
