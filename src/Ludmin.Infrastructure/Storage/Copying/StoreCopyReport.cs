namespace Ludmin.Infrastructure.Storage.Copying;

/// <summary>
/// What a copy did, and the counts it compared at the end. <see cref="SourceResets"/> leaves out
/// the codes the target used up since an earlier copy (<see cref="ResetsSpent"/>): those are
/// rightly missing from the target.
/// </summary>
public sealed record StoreCopyReport(
    long UsersCopied,
    long UsersKeptNewer,
    long ResetsCopied,
    long ResetsKeptNewer,
    long ResetsSpent,
    long SourceUsers,
    long TargetUsers,
    long SourceResets,
    long TargetResets)
{
    /// <summary>Users whose second factors (TOTP factor, pending enrolment, recovery codes, last accepted step) were copied.</summary>
    public long SecondFactorsCopied { get; init; }

    /// <summary>Users whose second factors the target had written since (a higher version) and kept.</summary>
    public long SecondFactorsKeptNewer { get; init; }

    public long PasskeysCopied { get; init; }

    public long PasskeysKeptNewer { get; init; }

    public long SourcePasskeys { get; init; }

    public long TargetPasskeys { get; init; }

    public bool CountsMatch => SourceUsers == TargetUsers && SourceResets == TargetResets && SourcePasskeys == TargetPasskeys;
}
