using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Security;
using Ludmin.Infrastructure.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// Argon2id hashes in PHC strings, computed by libsodium when it loads and can do the hash,
/// and by Konscious otherwise (<see cref="Argon2EngineSelection"/>); both give the same bytes,
/// so the engine never shows in a stored hash. Hashes run on a few dedicated threads (at most
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> at once), admitted while their
/// expected wait stays under <see cref="PasswordHashingOptions.MaxHashWait"/>
/// (<see cref="HashAdmission"/>); past that the request is refused with 503 rather than left
/// to pile up. Each call is one span of its own (<c>password_hash verify</c>, …).
/// </summary>
internal sealed partial class Argon2PasswordHasher : IPasswordHasher, IDisposable
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A fixed hash to verify against when the user does not exist; verifying it costs what a real one does.
    private readonly PasswordHash _decoy;
    private readonly Argon2Parameters _parameters;
    private readonly Argon2EngineSelection _engines;
    private readonly HashAdmission _admission;
    private readonly DedicatedWorkerPool<object> _workers;
    private readonly ILogger<Argon2PasswordHasher> _logger;

    /// <param name="nativeLoader">Loads libsodium; tests pass one that fails to play a host without it.</param>
    /// <exception cref="InvalidOperationException">The engine is Native and libsodium cannot hash the configured parameters here.</exception>
    public Argon2PasswordHasher(IOptions<PasswordHashingOptions> options, ILogger<Argon2PasswordHasher> logger, LudminMetrics metrics, INativeArgon2Loader? nativeLoader = null)
    {
        var settings = options.Value;
        _parameters = settings.Argon2;
        _logger = logger;
        _engines = Argon2EngineSelection.Choose(
            _parameters.Engine, _parameters, SaltBytes, HashBytes, nativeLoader ?? new LibsodiumLoader(), new ManagedArgon2Engine(settings.MaxConcurrentHashes));
        _admission = new HashAdmission(settings.MaxConcurrentHashes, settings.MaxHashWait, settings.HashQueueLength, MeasureOneHash(), metrics);
        _workers = new DedicatedWorkerPool<object>("argon2", settings.MaxConcurrentHashes, queueCapacity: null, () => new object());
        _decoy = PasswordHash.FromStored(Argon2HashFormat.Format(_parameters, new byte[SaltBytes], new byte[HashBytes]));
        LogEngine();
    }

    /// <summary>The engine that computes new hashes: Native or Managed.</summary>
    public Argon2Engine Engine => _engines.ForNewHashes.Kind;

    public ValueTask<PasswordHash> HashAsync(string password, CancellationToken cancellationToken) =>
        TracedAsync("hash", async () =>
        {
            var salt = RandomNumberGenerator.GetBytes(SaltBytes);
            var parameters = _parameters;
            var hash = await RunAsync(password, salt, parameters, HashBytes, cancellationToken);
            return PasswordHash.FromStored(Argon2HashFormat.Format(parameters, salt, hash));
        });

    public ValueTask<PasswordVerification> VerifyAsync(string password, PasswordHash hash, CancellationToken cancellationToken) =>
        TracedAsync("verify", () => VerifyUntracedAsync(password, hash, cancellationToken));

    public async ValueTask SimulateVerifyAsync(string password, CancellationToken cancellationToken) =>
        await TracedAsync("simulate_verify", () => VerifyUntracedAsync(password, _decoy, cancellationToken));

    public void Dispose() => _workers.Dispose();

    private async ValueTask<PasswordVerification> VerifyUntracedAsync(string password, PasswordHash hash, CancellationToken cancellationToken)
    {
        if (!Argon2HashFormat.TryParse(hash.Value, out var parameters, out var salt, out var expected))
        {
            LogUnreadableHash();
            return PasswordVerification.Failed;
        }

        var actual = await RunAsync(password, salt, parameters, expected.Length, cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerification.Failed;
        }

        return parameters.SameAs(_parameters) && salt.Length == SaltBytes && expected.Length == HashBytes
            ? PasswordVerification.Succeeded
            : PasswordVerification.SucceededRehashNeeded;
    }

    /// <summary>
    /// One span around a hash, a verification or a simulated verification, admission included:
    /// the span shows the wait for a hashing lane and the work together, as a request meets them.
    /// Its tags say which of the three it was and how it ended; never the password or the hash.
    /// </summary>
    private static async ValueTask<T> TracedAsync<T>(string operation, Func<ValueTask<T>> work)
    {
        using var activity = InfrastructureTelemetry.Source.StartActivity($"password_hash {operation}", ActivityKind.Internal);
        activity?.SetTag("ludmin.hash.operation", operation);
        try
        {
            var result = await work();
            activity?.SetTag("ludmin.hash.outcome", "ok");
            return result;
        }
        catch (Exception ex) when (TagFailure(activity, ex))
        {
            throw;
        }
    }

    /// <summary>Tags the span with the kind of failure (a full queue is a <c>server_busy</c> domain error); never catches.</summary>
    private static bool TagFailure(Activity? activity, Exception failure)
    {
        if (activity is not null)
        {
            var refused = failure is Ludmin.Domain.Common.DomainException { Error.Code: "server_busy" };
            activity.SetTag("ludmin.hash.outcome", refused ? "refused" : failure is OperationCanceledException ? "cancelled" : "error");
            activity.SetTag("error.type", failure.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, refused ? "refused" : "failed");
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="verify"/>, an imported hash's verification, on the hashing workers under
    /// the same admission as Ludmin's own hashes (it is the same kind of slow CPU work), in a span
    /// of its own (<c>password_hash verify_imported</c>).
    /// </summary>
    internal async Task<bool> RunForeignAsync(Func<bool> verify, CancellationToken cancellationToken) =>
        await TracedAsync("verify_imported", async () =>
        {
            var ticket = _admission.TryAdmit(out var retryAfter)
                ?? throw new ServerBusyException(retryAfter, "Too many password checks are under way; retry shortly.");
            try
            {
                return await _workers.Run(_ => ticket.RunForeign(verify), cancellationToken);
            }
            finally
            {
                ticket.Abandon();
            }
        });

    private static byte[] Compute(IArgon2Engine engine, string password, byte[] salt, Argon2Parameters parameters, int length)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return engine.Compute(passwordBytes, salt, parameters, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private async Task<byte[]> RunAsync(string password, byte[] salt, Argon2Parameters parameters, int length, CancellationToken cancellationToken)
    {
        var engine = _engines.For(parameters, salt.Length, length);
        var ticket = _admission.TryAdmit(out var retryAfter)
            ?? throw new ServerBusyException(retryAfter, "Too many password checks are under way; retry shortly.");
        try
        {
            return await _workers.Run(_ => ticket.Run(() => Compute(engine, password, salt, parameters, length), engine.Kind), cancellationToken);
        }
        finally
        {
            // Cancelled while it waited: the hash never ran, and its place in the queue is given back.
            ticket.Abandon();
        }
    }

    /// <summary>
    /// Two hashes at the configured parameters on the engine that will compute them, before any
    /// request: the first estimate admission works with, so the first burst is judged by what a
    /// hash costs here and not by a guess. The faster of the two, because the first also pays
    /// for compiling the code and faulting in the memory.
    /// </summary>
    private TimeSpan MeasureOneHash()
    {
        var fastest = TimeSpan.MaxValue;
        for (var i = 0; i < 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Compute(_engines.ForNewHashes, "calibration", new byte[SaltBytes], _parameters, HashBytes);
            var elapsed = Stopwatch.GetElapsedTime(started);
            fastest = elapsed < fastest ? elapsed : fastest;
        }

        return fastest;
    }

    private void LogEngine()
    {
        var engine = _engines.ForNewHashes;
        var milliseconds = _admission.AverageHashTime.TotalMilliseconds;
        if (_engines.FellBack)
        {
            LogManagedFallback(engine.Kind, engine.Library, _engines.Reason, milliseconds);
        }
        else
        {
            LogEngineChosen(engine.Kind, engine.Library, _engines.Reason, milliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password hashing: Argon2id on the {Engine} engine ({Library}); {Reason}. One hash took {Milliseconds:F1} ms at start.")]
    private partial void LogEngineChosen(Argon2Engine engine, string library, string reason, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password hashing: Argon2id on the {Engine} engine ({Library}), about 7x slower than native; {Reason}. One hash took {Milliseconds:F1} ms at start.")]
    private partial void LogManagedFallback(Argon2Engine engine, string library, string reason, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "A stored password hash could not be read; the login is refused.")]
    private partial void LogUnreadableHash();
}
