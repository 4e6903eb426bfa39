using BenchmarkDotNet.Attributes;
using Ludmin.Domain.Users;
using System.Diagnostics.Metrics;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ludmin.Benchmarks;

/// <summary>
/// One Argon2id hash at the default cost (19 MiB, 2 passes, 1 lane): the floor of every login,
/// registration and password change, and the reason hashing is bounded. On each engine:
/// libsodium (Native) and Konscious (Managed), which give the same hashes.
/// </summary>
[MemoryDiagnoser]
public class PasswordHashingBenchmarks
{
    private Argon2PasswordHasher _hasher = null!;
    private PasswordHash _hash = null!;

    [Params(Argon2Engine.Native, Argon2Engine.Managed)]
    public Argon2Engine Engine { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var metrics = new LudminMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var options = new PasswordHashingOptions { MaxConcurrentHashes = 1, Argon2 = new Argon2Parameters { Engine = Engine } };
        _hasher = new Argon2PasswordHasher(Options.Create(options), NullLogger<Argon2PasswordHasher>.Instance, metrics);
        _hash = await _hasher.HashAsync("correct horse battery", CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => _hasher.Dispose();

    [Benchmark]
    public async Task<PasswordHash> Hash() => await _hasher.HashAsync("correct horse battery", CancellationToken.None);

    [Benchmark]
    public async Task<bool> Verify() =>
        await _hasher.VerifyAsync("correct horse battery", _hash, CancellationToken.None) != Application.Common.Ports.PasswordVerification.Failed;
}
