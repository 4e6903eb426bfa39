namespace Ludmin.Application.Common.Ports;

/// <summary>Why the second step of a login failed, for the security log and the metrics only: the client always gets the same answer.</summary>
public enum SecondFactorFailure
{
    /// <summary>The TOTP code matched no step of the window.</summary>
    WrongCode,

    /// <summary>The TOTP code was right but of a step already accepted (the same code again, or an older one).</summary>
    ReusedCode,

    /// <summary>The recovery code is not one of the account's unused ones.</summary>
    WrongRecoveryCode,

    /// <summary>The account's login slow-down was blocking: no code was looked at.</summary>
    Throttled,
}
