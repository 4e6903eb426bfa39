using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Copying;

namespace Ludmin.Storage.Tests.Copying;

/// <summary>A fresh, empty target store for one copy test, with its repositories to look inside.</summary>
internal interface ICopyTargetUnderTest : IAsyncDisposable
{
    IStoreCopyTarget Target { get; }

    IUserRepository Users { get; }

    IPasswordResetRepository Resets { get; }

    Domain.SecondFactors.ISecondFactorRepository SecondFactors { get; }
    IPasskeyRepository Passkeys { get; }

    /// <summary>The target's live-store marker, as the API would write it when it starts on the store.</summary>
    ILiveStoreMarker Marker { get; }
}
