using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Security;
using Ludmin.Infrastructure.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// Argon2id hashes in PHC strings. Hashing is admitted by a few dedicated threads (at most
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> at once) behind a short queue; when the
/// queue is full the request is refused with 503 rather than left to pile up. Konscious computes
/// each hash on the thread pool (every segment is a Task.Run), so the pool is given one more
/// thread per hash lane that may run at once, and requests that need no hash are not kept waiting.
/// </summary>
internal sealed partial class Argon2PasswordHasher : IPasswordHasher, IDisposable
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A fixed hash to verify against when the user does not exist; verifying it costs what a real one does.
    private readonly PasswordHash _decoy;
    private readonly Argon2Parameters _parameters;
    private readonly DedicatedWorkerPool<object> _workers;
    private readonly ILogger<Argon2PasswordHasher> _logger;
    private readonly LudminMetrics _metrics;

    public Argon2PasswordHasher(IOptions<PasswordHashingOptions> options, ILogger<Argon2PasswordHasher> logger, LudminMetrics metrics)
    {
        var settings = options.Value;
        _parameters = settings.Argon2;
        _logger = logger;
        _metrics = metrics;
        _workers = new DedicatedWorkerPool<object>("argon2", settings.MaxConcurrentHashes, settings.HashQueueLength, () => new object());
        ReservePoolThreads(settings.MaxConcurrentHashes * _parameters.Parallelism);
        _decoy = PasswordHash.FromStored(Argon2HashFormat.Format(_parameters, new byte[SaltBytes], new byte[HashBytes]));
    }

    public async ValueTask<PasswordHash> HashAsync(string password, CancellationToken cancellationToken)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var parameters = _parameters;
        var hash = await RunAsync(() => Compute(password, salt, parameters), cancellationToken);
        return PasswordHash.FromStored(Argon2HashFormat.Format(parameters, salt, hash));
    }

    public async ValueTask<PasswordVerification> VerifyAsync(string password, PasswordHash hash, CancellationToken cancellationToken)
    {
        if (!Argon2HashFormat.TryParse(hash.Value, out var parameters, out var salt, out var expected))
        {
            LogUnreadableHash();
            return PasswordVerification.Failed;
        }

        var actual = await RunAsync(() => Compute(password, salt, parameters, expected.Length), cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerification.Failed;
        }

        return parameters.SameAs(_parameters) && salt.Length == SaltBytes && expected.Length == HashBytes
            ? PasswordVerification.Succeeded
            : PasswordVerification.SucceededRehashNeeded;
    }

    public async ValueTask SimulateVerifyAsync(string password, CancellationToken cancellationToken) =>
        await VerifyAsync(password, _decoy, cancellationToken);

    public void Dispose() => _workers.Dispose();

    private static byte[] Compute(string password, byte[] salt, Argon2Parameters parameters, int length = HashBytes)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            using var argon2 = new Argon2id(passwordBytes)
            {
                Salt = salt,
                MemorySize = parameters.MemoryKiB,
                Iterations = parameters.Iterations,
                DegreeOfParallelism = parameters.Parallelism,
            };
            return argon2.GetBytes(length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    /// <summary>
    /// The pool starts with one thread per core and adds more only slowly. Running hashes hold
    /// pool threads (Konscious runs every lane of every segment with Task.Run), so without this a
    /// burst of logins at MaxConcurrentHashes left token refreshes and profile reads waiting until
    /// the hashes were done. Raises the minimum, never lowers it: it is process-wide.
    /// </summary>
    private static void ReservePoolThreads(int hashLanes)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = Environment.ProcessorCount + hashLanes;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, completionPorts);
        }
    }

    private Task<byte[]> RunAsync(Func<byte[]> compute, CancellationToken cancellationToken)
    {
        var run = _workers.TryRun(_ => compute(), cancellationToken);
        if (run is null)
        {
            _metrics.HashesRefused.Add(1);
            throw new DomainException(Errors.ServerBusy, "Too many password checks are under way; retry shortly.");
        }

        return run;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A stored password hash could not be read; the login is refused.")]
    private partial void LogUnreadableHash();
}
