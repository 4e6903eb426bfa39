namespace Ludmin.Application.SecondFactors.ReplaceRecoveryCodes;

/// <summary>Recovery codes as they are shown, once: the store keeps only their keyed hashes.</summary>
public sealed record RecoveryCodeSet(IReadOnlyList<string> RecoveryCodes)
{
    /// <summary>Keeps the codes out of logs.</summary>
    public override string ToString() => $"RecoveryCodeSet({RecoveryCodes.Count} codes)";
}
