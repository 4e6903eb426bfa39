namespace Ludmin.Infrastructure.Storage.Copying;

/// <summary>What a copy did, and the counts it compared at the end.</summary>
public sealed record StoreCopyReport(
    long UsersCopied,
    long UsersKeptNewer,
    long ResetsCopied,
    long ResetsKeptNewer,
    long SourceUsers,
    long TargetUsers,
    long SourceResets,
    long TargetResets)
{
    public bool CountsMatch => SourceUsers == TargetUsers && SourceResets == TargetResets;
}
