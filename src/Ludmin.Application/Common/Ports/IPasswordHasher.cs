using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>
/// Makes and checks password hashes. Hashing is deliberately slow CPU work, so it is bounded:
/// when too many are under way the hasher refuses with <see cref="Ludmin.Domain.Common.Errors.ServerBusy"/>.
/// </summary>
public interface IPasswordHasher
{
    ValueTask<PasswordHash> HashAsync(string password, CancellationToken cancellationToken);

    ValueTask<PasswordVerification> VerifyAsync(string password, PasswordHash hash, CancellationToken cancellationToken);

    /// <summary>
    /// Spends what a verification costs without a hash to verify, so that an unknown email
    /// answers in about the same time as a wrong password.
    /// </summary>
    ValueTask SimulateVerifyAsync(string password, CancellationToken cancellationToken);
}
