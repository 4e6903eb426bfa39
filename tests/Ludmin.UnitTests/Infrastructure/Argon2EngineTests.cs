using System.Diagnostics.Metrics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Ludmin.Application.Common.Ports;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.Security;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary>
/// libsodium and Konscious compute the same Argon2id, so either verifies what the other hashed;
/// the engine option picks one, Auto falls back to the managed one when libsodium cannot load,
/// and Native refuses to start where it cannot run.
/// </summary>
public sealed class Argon2EngineTests : IDisposable
{
    // Letters of one to four UTF-8 bytes, so the passwords' encodings differ in length from their text.
    private static readonly string[] Letters = ["a", "Z", "7", " ", "$", "é", "ß", "Ж", "日", "本", "🔑", "😀", "\u0000"];

    private readonly List<Argon2PasswordHasher> _hashers = [];
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public Argon2EngineTests() => _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));

    [Test]
    public void Compute_ForRandomPasswordsSaltsAndCosts_GivesTheSameBytesOnBothEngines()
    {
        var native = LoadNative();
        var managed = new ManagedArgon2Engine(concurrentHashes: 1);
        var random = TestContext.CurrentContext.Random;

        for (var i = 0; i < 150; i++)
        {
            var password = Encoding.UTF8.GetBytes(RandomPassword());
            var salt = new byte[16];
            random.NextBytes(salt);
            var parameters = new Argon2Parameters { MemoryKiB = random.Next(8, 513), Iterations = random.Next(1, 4), Parallelism = 1 };
            var length = random.Next(16, 65);

            var fromNative = native.Compute(password, salt, parameters, length);
            var fromManaged = managed.Compute(password, salt, parameters, length);

            Assert.That(fromNative, Is.EqualTo(fromManaged), $"case {i}: m={parameters.MemoryKiB}, t={parameters.Iterations}, {length} bytes, password {Convert.ToHexString(password)}, salt {Convert.ToHexString(salt)}");
        }
    }

    [Test]
    public async Task VerifyAsync_ForRandomPasswords_AcceptsWhatTheOtherEngineHashedAndNothingElse()
    {
        var native = Hasher(Argon2Engine.Native);
        var managed = Hasher(Argon2Engine.Managed);
        Assert.That((native.Engine, managed.Engine), Is.EqualTo((Argon2Engine.Native, Argon2Engine.Managed)));

        for (var i = 0; i < 40; i++)
        {
            var password = RandomPassword();
            var (hashing, verifying) = i % 2 == 0 ? (native, managed) : (managed, native);

            var hash = await hashing.HashAsync(password, CancellationToken.None);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(await verifying.VerifyAsync(password, hash, CancellationToken.None), Is.EqualTo(PasswordVerification.Succeeded), $"{hashing.Engine} hashed {password}");
                Assert.That(await verifying.VerifyAsync(password + "x", hash, CancellationToken.None), Is.EqualTo(PasswordVerification.Failed), $"{hashing.Engine} hashed {password}");
            }
        }
    }

    [Test]
    public void Constructor_WhenAutoAndLibsodiumLoads_HashesNatively()
    {
        var hasher = Hasher(Argon2Engine.Auto);

        var entry = _logs.Entries.Single(e => e.Category == typeof(Argon2PasswordHasher).FullName);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hasher.Engine, Is.EqualTo(Argon2Engine.Native));
            Assert.That(entry.Level, Is.EqualTo(LogLevel.Information));
            Assert.That(entry.Message, Does.Contain("on the Native engine (libsodium 1.0."));
        }
    }

    [Test]
    public void Constructor_WhenManaged_HashesInManagedCodeWithoutLoadingLibsodium()
    {
        var loader = new CountingLoader();

        var hasher = Hasher(Argon2Engine.Managed, loader: loader);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(hasher.Engine, Is.EqualTo(Argon2Engine.Managed));
            Assert.That(loader.Calls, Is.Zero);
            Assert.That(_logs.Entries.Single().Message, Does.Contain("on the Managed engine (Konscious").And.Contain("Engine is Managed"));
        }
    }

    [Test]
    public async Task Constructor_WhenAutoAndLibsodiumDoesNotLoad_FallsBackToManagedAndWarnsWhy()
    {
        var hasher = Hasher(Argon2Engine.Auto, loader: new FailingLoader());

        var entry = _logs.Entries.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hasher.Engine, Is.EqualTo(Argon2Engine.Managed));
            Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(entry.Message, Does.Contain("on the Managed engine").And.Contain(FailingLoader.Failure));
            Assert.That(await hasher.VerifyAsync("a password", await hasher.HashAsync("a password", CancellationToken.None), CancellationToken.None), Is.EqualTo(PasswordVerification.Succeeded));
        }
    }

    [Test]
    public void Constructor_WhenNativeAndLibsodiumDoesNotLoad_RefusesToStartNamingTheSetting() =>
        Assert.That(
            () => Hasher(Argon2Engine.Native, loader: new FailingLoader()),
            Throws.InvalidOperationException.With.Message.Contains("Ludmin:Passwords:Argon2:Engine is Native").And.Message.Contains(FailingLoader.Failure));

    [TestCase(2, TestName = "Constructor_WhenNativeWithMoreThanOneLane_RefusesToStart")]
    [TestCase(4, TestName = "Constructor_WhenNativeWithFourLanes_RefusesToStart")]
    public void Constructor_WhenNativeAndTheParametersNeedLanes_RefusesToStart(int lanes) =>
        Assert.That(
            () => Hasher(Argon2Engine.Native, parallelism: lanes),
            Throws.InvalidOperationException.With.Message.Contains("Engine is Native").And.Message.Contains($"Parallelism is {lanes}"));

    [Test]
    public async Task Constructor_WhenAutoAndTheParametersNeedLanes_HashesThemInManagedCode()
    {
        var hasher = Hasher(Argon2Engine.Auto, parallelism: 2);

        var hash = await hasher.HashAsync("a password", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(hasher.Engine, Is.EqualTo(Argon2Engine.Managed));
            Assert.That(_logs.Entries.Single().Message, Does.Contain("Parallelism is 2"));
            Assert.That(hash.Value, Does.StartWith("$argon2id$v=19$m=1024,t=1,p=2$"));
            Assert.That(await hasher.VerifyAsync("a password", hash, CancellationToken.None), Is.EqualTo(PasswordVerification.Succeeded));
        }
    }

    [Test]
    public async Task VerifyAsync_WhenNativeAndAStoredHashHasTwoLanes_VerifiesItInManagedCodeAndAsksForARehash()
    {
        var stored = await Hasher(Argon2Engine.Managed, parallelism: 2).HashAsync("a password", CancellationToken.None);
        var native = Hasher(Argon2Engine.Native);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await native.VerifyAsync("a password", stored, CancellationToken.None), Is.EqualTo(PasswordVerification.SucceededRehashNeeded));
            Assert.That(await native.VerifyAsync("a passwore", stored, CancellationToken.None), Is.EqualTo(PasswordVerification.Failed));
        }
    }

    [Test]
    public void TryLoad_OnLinux_LoadsTheLibraryThatCameWithTheNuGetPackageNotTheSystems()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("Reads /proc/self/maps, which only Linux has.");
        }

        LoadNative();

        var mapped = File.ReadAllLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(5).FirstOrDefault())
            .Where(path => path is not null && Path.GetFileName(path).StartsWith("libsodium", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        TestContext.Out.WriteLine($"libsodium mapped from: {string.Join(", ", mapped)}");
        Assert.That(mapped, Is.Not.Empty.And.All.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes")));
    }

    public void Dispose()
    {
        foreach (var hasher in _hashers)
        {
            hasher.Dispose();
        }

        _loggerFactory.Dispose();
        _services.Dispose();
    }

    private static IArgon2Engine LoadNative()
    {
        Assert.That(new LibsodiumLoader().TryLoad(out var native, out var failure), Is.True, failure);
        return native!;
    }

    private static string RandomPassword()
    {
        var random = TestContext.CurrentContext.Random;
        var password = new StringBuilder();
        for (var length = random.Next(1, 65); password.Length < length;)
        {
            password.Append(Letters[random.Next(Letters.Length)]);
        }

        return password.ToString();
    }

    private Argon2PasswordHasher Hasher(Argon2Engine engine, int parallelism = 1, INativeArgon2Loader? loader = null)
    {
        var options = new PasswordHashingOptions
        {
            Argon2 = new Argon2Parameters { MemoryKiB = 1024, Iterations = 1, Parallelism = parallelism, Engine = engine },
            MaxConcurrentHashes = 2,
        };
        var hasher = new Argon2PasswordHasher(
            Options.Create(options), _loggerFactory.CreateLogger<Argon2PasswordHasher>(), new LudminMetrics(_services.GetRequiredService<IMeterFactory>()), loader);
        _hashers.Add(hasher);
        return hasher;
    }

    /// <summary>A host where the native library is missing.</summary>
    private sealed class FailingLoader : INativeArgon2Loader
    {
        public const string Failure = "the native library libsodium could not be loaded (simulated)";

        public bool TryLoad([NotNullWhen(true)] out IArgon2Engine? engine, [NotNullWhen(false)] out string? failure)
        {
            engine = null;
            failure = Failure;
            return false;
        }
    }

    private sealed class CountingLoader : INativeArgon2Loader
    {
        public int Calls { get; private set; }

        public bool TryLoad([NotNullWhen(true)] out IArgon2Engine? engine, [NotNullWhen(false)] out string? failure)
        {
            Calls++;
            return new LibsodiumLoader().TryLoad(out engine, out failure);
        }
    }
}
