using Konscious.Security.Cryptography;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// Konscious, in managed code: runs anywhere and any parameters, at about 7x libsodium's time.
/// It runs every lane of every segment with Task.Run, so it holds thread-pool threads while it
/// hashes; see <see cref="ReservePoolThreads"/>.
/// </summary>
internal sealed class ManagedArgon2Engine(int concurrentHashes) : IArgon2Engine
{
    public Argon2Engine Kind => Argon2Engine.Managed;

    public string Library => "Konscious.Security.Cryptography.Argon2";

    public string? WhyNot(Argon2Parameters parameters, int saltLength, int hashLength) => null;

    public byte[] Compute(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength)
    {
        ReservePoolThreads(concurrentHashes * parameters.Parallelism);
        using var argon2 = new Argon2id(password)
        {
            Salt = salt,
            MemorySize = parameters.MemoryKiB,
            Iterations = parameters.Iterations,
            DegreeOfParallelism = parameters.Parallelism,
        };
        return argon2.GetBytes(hashLength);
    }

    /// <summary>
    /// The pool starts with one thread per core and adds more only slowly. Without this, a burst
    /// of logins at MaxConcurrentHashes held the pool's threads in Konscious's lanes, and token
    /// refreshes and profile reads waited until the hashes were done. Done here, on the first
    /// managed hash, so a host that hashes natively leaves the process-wide pool alone; raises
    /// the minimum, never lowers it.
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
}
