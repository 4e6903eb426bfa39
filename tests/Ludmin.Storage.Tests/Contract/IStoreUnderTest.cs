using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>A fresh, empty store of one adapter, as the contract suite sees it.</summary>
public interface IStoreUnderTest : IAsyncDisposable
{
    IUserRepository Users { get; }

    IPasswordResetRepository Resets { get; }

    ILoginThrottleRepository Throttles { get; }

    ISecondFactorRepository SecondFactors { get; }

    ISecondFactorChallengeRepository SecondFactorChallenges { get; }
    IPasskeyRepository Passkeys { get; }

    IPasskeyChallengeRepository Challenges { get; }
}
