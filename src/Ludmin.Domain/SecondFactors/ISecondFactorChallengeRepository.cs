namespace Ludmin.Domain.SecondFactors;

/// <summary>Open second steps of logins, shared by every instance through the store; expired ones are removed by the store.</summary>
public interface ISecondFactorChallengeRepository
{
    Task AddAsync(SecondFactorChallenge challenge, CancellationToken cancellationToken);

    /// <summary>The step, while stored (an expired one may still be: check <see cref="SecondFactorChallenge.IsOpen"/>).</summary>
    Task<SecondFactorChallenge?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one wrong code in one atomic operation (racing wrong codes are all counted); the
    /// <see cref="SecondFactorChallenge.MaxFailures"/>th removes the step. True when this one spent it.
    /// </summary>
    Task<bool> RecordFailureAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes the step if it is still stored and not spent: true for the one request that passed it.</summary>
    Task<bool> TryConsumeAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes steps past their expiry; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
