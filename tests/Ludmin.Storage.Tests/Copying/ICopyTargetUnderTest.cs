using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;

namespace Ludmin.Storage.Tests.Copying;

/// <summary>A fresh, empty target store for one copy test, with its repositories to look inside.</summary>
internal interface ICopyTargetUnderTest : IAsyncDisposable
{
    IStoreCopyTarget Target { get; }

    IUserRepository Users { get; }

    IPasswordResetRepository Resets { get; }
}
