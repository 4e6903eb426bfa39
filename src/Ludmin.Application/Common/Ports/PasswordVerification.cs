namespace Ludmin.Application.Common.Ports;

public enum PasswordVerification
{
    Failed,
    Succeeded,

    /// <summary>The password is right but the hash was made with other parameters than the configured ones.</summary>
    SucceededRehashNeeded,
}
