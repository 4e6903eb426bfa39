namespace Ludmin.Application.Users.PromoteMaster;

public enum PromoteMasterOutcome
{
    Promoted,
    AlreadyMaster,
    Created,

    /// <summary>Bootstrap only: the store has a master already, so the settings change nothing.</summary>
    MasterExists,

    /// <summary>
    /// Bootstrap only: an account Ludmin did not create for the settings holds the address (now or
    /// in the past), and the configured password does not verify against it; nothing changed.
    /// </summary>
    NotTheConfiguredAccount,
}
