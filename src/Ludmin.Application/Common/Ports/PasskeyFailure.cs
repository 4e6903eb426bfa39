namespace Ludmin.Application.Common.Ports;

/// <summary>Why a passkey ceremony was refused, for the security log and the metrics.</summary>
public enum PasskeyFailure
{
    /// <summary>Not an authenticator's answer at all, or one the library rejected (signature, origin, relying party, flags).</summary>
    AnswerInvalid,

    /// <summary>The challenge is unknown, used, expired, or was issued to another device or for another ceremony.</summary>
    ChallengeInvalid,

    /// <summary>No passkey (of the expected user) holds the credential.</summary>
    UnknownCredential,

    /// <summary>The signature counter did not move forward: a cloned authenticator or a replayed answer.</summary>
    CounterRegressed,
}
