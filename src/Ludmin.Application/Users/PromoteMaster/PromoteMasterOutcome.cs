namespace Ludmin.Application.Users.PromoteMaster;

public enum PromoteMasterOutcome
{
    Promoted,
    AlreadyMaster,
    Created,
}
