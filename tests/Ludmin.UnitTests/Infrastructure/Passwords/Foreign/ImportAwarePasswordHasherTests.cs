using System.Diagnostics.Metrics;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.Passwords.Foreign;
using Ludmin.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>
/// The hasher the application sees, with imported hashes beside Ludmin's own. The time a login
/// takes is proven by the work it does, not by a clock: every verification, whatever the stored
/// hash, does exactly one Argon2id at the configured parameters, here or (on success with an
/// imported hash) as the rehash its caller then makes, just as an unknown address does.
/// </summary>
public sealed class ImportAwarePasswordHasherTests : IDisposable
{
    private const string BcryptPassword = "correct horse battery staple";
    private const string Bcrypt = "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO";

    private static readonly Argon2Parameters Configured = new() { MemoryKiB = 1024, Iterations = 1, Parallelism = 1 };

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CountingArgon2Loader _engine = new();
    private readonly Argon2PasswordHasher _own;
    private readonly ImportAwarePasswordHasher _hasher;
    private readonly string _bcrypt;

    public ImportAwarePasswordHasherTests()
    {
        var options = Options.Create(new PasswordHashingOptions { Argon2 = Configured, MaxConcurrentHashes = 2 });
        _own = new Argon2PasswordHasher(options, NullLogger<Argon2PasswordHasher>.Instance, new LudminMetrics(_services.GetRequiredService<IMeterFactory>()), _engine);
        _hasher = new ImportAwarePasswordHasher(_own, ForeignHashes.Recognizer(), ForeignHashes.Verifier(), NullLogger<ImportAwarePasswordHasher>.Instance);
        _bcrypt = BCrypt.Net.BCrypt.HashPassword(BcryptPassword, 4);
        _engine.Forget(); // the start's calibration
    }

    [Test]
    public async Task Verify_AnImportedHashWithItsPassword_AsksForTheRehashAndLeavesItToTheCaller()
    {
        var verification = await _hasher.VerifyAsync(BcryptPassword, PasswordHash.Imported("bcrypt", _bcrypt), CancellationToken.None);

        Assert.That(verification, Is.EqualTo(PasswordVerification.SucceededRehashNeeded));
        Assert.That(_engine.Computed, Is.Empty, "the caller's rehash is this verification's one Argon2id");
    }

    [Test]
    public async Task Verify_AnImportedHashWithAWrongPassword_FailsAfterOneArgon2idAtTheConfiguredParameters()
    {
        var verification = await _hasher.VerifyAsync("x" + BcryptPassword, PasswordHash.Imported("bcrypt", _bcrypt), CancellationToken.None);

        Assert.That(verification, Is.EqualTo(PasswordVerification.Failed));
        Assert.That(_engine.Computed, Has.Count.EqualTo(1));
        Assert.That(_engine.Computed[0].SameAs(Configured), Is.True);
    }

    [TestCase("!imported:none:", TestName = "Verify_NoPassword_FailsAfterOneArgon2idAtTheConfiguredParameters")]
    [TestCase("!imported:bcrypt:$2b$04$tooshort", TestName = "Verify_AnImportedHashNoLongerReadable_FailsAfterOneArgon2idAtTheConfiguredParameters")]
    [TestCase("!imported:bcrypt:$2b$31$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO", TestName = "Verify_AnImportedHashAboveTheCeilingsNow_FailsAfterOneArgon2idWithoutComputingIt")]
    public async Task Verify_WhenNothingCanBeVerified_FailsAfterOneArgon2id(string stored)
    {
        var verification = await _hasher.VerifyAsync(BcryptPassword, PasswordHash.FromStored(stored), CancellationToken.None);

        Assert.That(verification, Is.EqualTo(PasswordVerification.Failed));
        Assert.That(_engine.Computed, Has.Count.EqualTo(1));
        Assert.That(_engine.Computed[0].SameAs(Configured), Is.True);
    }

    [Test]
    public async Task Verify_AnUnknownAddressAndAWrongOwnPassword_EachDoOneArgon2idAtTheConfiguredParameters()
    {
        var own = await _own.HashAsync(BcryptPassword, CancellationToken.None);
        _engine.Forget();

        await _hasher.SimulateVerifyAsync(BcryptPassword, CancellationToken.None);
        await _hasher.VerifyAsync("x" + BcryptPassword, own, CancellationToken.None);

        Assert.That(_engine.Computed, Has.Count.EqualTo(2));
        Assert.That(_engine.Computed.All(p => p.SameAs(Configured)), Is.True);
    }

    /// <summary>
    /// An $argon2id$ hash is Ludmin's own unless it is stored as imported: the same text verifies
    /// as Ludmin's own when stored bare, and as another system's only under the import prefix.
    /// </summary>
    [Test]
    public async Task Verify_ABareArgon2idHash_IsLudminsOwnAndAnImportedOneIsNot()
    {
        var own = await _own.HashAsync(BcryptPassword, CancellationToken.None);
        _engine.Forget();

        Assert.That(await _hasher.VerifyAsync(BcryptPassword, own, CancellationToken.None), Is.EqualTo(PasswordVerification.Succeeded));
        Assert.That(_engine.Computed, Has.Count.EqualTo(1), "verified by Ludmin's own hasher");
        Assert.That(
            await _hasher.VerifyAsync(BcryptPassword, PasswordHash.Imported("argon2id", own.Value), CancellationToken.None),
            Is.EqualTo(PasswordVerification.SucceededRehashNeeded),
            "the same text imported is another system's hash, replaced at the first login");
    }

    [Test]
    public async Task Verify_TheCommittedBcryptVector_IsReadFromTheImportedForm() =>
        Assert.That(
            await _hasher.VerifyAsync(new string('a', 72), PasswordHash.Imported("bcrypt", Bcrypt), CancellationToken.None),
            Is.EqualTo(PasswordVerification.SucceededRehashNeeded));

    public void Dispose()
    {
        _own.Dispose();
        _services.Dispose();
    }
}
