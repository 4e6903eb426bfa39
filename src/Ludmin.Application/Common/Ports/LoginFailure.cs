namespace Ludmin.Application.Common.Ports;

/// <summary>Why a login failed, for the security log only: the client always gets the same answer.</summary>
public enum LoginFailure
{
    UnknownEmail,
    WrongPassword,
    Throttled,
}
