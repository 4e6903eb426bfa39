using Ludmin.Domain.Passkeys;

namespace Ludmin.Application.Common.Ports;

/// <summary>What an authenticator's answer says it answers (its client data's challenge) and with which credential; not yet verified.</summary>
public sealed record WebAuthnAnswer(string Challenge, CredentialId CredentialId);
