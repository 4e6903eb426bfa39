namespace Ludmin.Domain.Passkeys;

/// <summary>What a WebAuthn challenge was issued for; a challenge finishes only the ceremony it was issued for.</summary>
public enum CeremonyPurpose
{
    /// <summary>Registering a new passkey to the signed-in user.</summary>
    Register = 1,

    /// <summary>Signing in with a passkey alone (a discoverable credential; no account named).</summary>
    SignIn = 2,

    /// <summary>A passkey as the second step of a password login.</summary>
    SecondFactor = 3,
}
