using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>
/// The changes a stolen password alone must not make once an account has a second factor
/// (its password or address, closing it, removing a factor): when the caller's own account has
/// an active factor, they need a token from a login that passed it (<c>aal</c> 2).
/// </summary>
internal sealed class SecondFactorGuard(ISecondFactorRepository factors)
{
    /// <exception cref="DomainException"><c>second_factor_required</c> for a level-1 token of an account with an active factor.</exception>
    public async Task RequireForOwnAccountAsync(Caller caller, UserId callerId, CancellationToken cancellationToken)
    {
        if (caller.Assurance.IsMultiFactor)
        {
            return;
        }

        if ((await factors.FindAsync(callerId, cancellationToken)).HasActiveFactor)
        {
            throw new DomainException(Errors.SecondFactorRequired);
        }
    }
}
