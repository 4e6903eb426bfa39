using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Ludmin.Infrastructure.Passwords.Foreign;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>
/// Hashes made at test time by ASP.NET Core Identity's own <c>PasswordHasher&lt;TUser&gt;</c>
/// (Microsoft.Extensions.Identity.Core): version 2 (compatibility mode) and version 3 (its
/// default, PBKDF2-HMAC-SHA512 with 100,000 iterations, and with other iteration counts).
/// </summary>
public sealed class AspNetIdentityHashTests
{
    private const string Password = "correct horse battery staple";

    private static IEnumerable<TestCaseData> Hashers =>
    [
        new TestCaseData(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }, 2).SetArgDisplayNames("v2"),
        new TestCaseData(new PasswordHasherOptions(), 3).SetArgDisplayNames("v3 default"),
        new TestCaseData(new PasswordHasherOptions { IterationCount = 1000 }, 3).SetArgDisplayNames("v3 1000 iterations"),
    ];

    [TestCaseSource(nameof(Hashers))]
    public void Recognize_AHashIdentityMade_ReadsItsVersion(PasswordHasherOptions options, int version) =>
        Assert.That(ForeignHashes.Recognizer().Recognize(Hash(options, Password)).Hash?.Format, Is.EqualTo(version == 2 ? ForeignHashFormat.AspNetIdentityV2 : ForeignHashFormat.AspNetIdentityV3));

    [TestCaseSource(nameof(Hashers))]
    public void Verify_WithThePasswordIdentityHashed_Succeeds(PasswordHasherOptions options, int version) =>
        Assert.That(ForeignHashes.Verify("pässwörd-日本語-€", Hash(options, "pässwörd-日本語-€")), Is.True, $"v{version}");

    [TestCaseSource(nameof(Hashers))]
    public void Verify_WithAnotherPassword_Fails(PasswordHasherOptions options, int version) =>
        Assert.That(ForeignHashes.Verify(Password + "r", Hash(options, Password)), Is.False, $"v{version}");

    /// <summary>One character in the middle of the salt, then of the subkey, changed for another: recognised, and refused.</summary>
    [TestCaseSource(nameof(Hashers))]
    public void Verify_WhenOneCharacterOfTheHashChanged_Fails(PasswordHasherOptions options, int version)
    {
        var hash = Hash(options, Password);
        var saltAt = version == 2 ? 10 : 24;

        foreach (var at in new[] { saltAt, hash.Length - 20 })
        {
            var changed = string.Concat(hash.AsSpan(0, at), hash[at] == 'A' ? "B" : "A", hash.AsSpan(at + 1));
            Assert.That(ForeignHashes.Verify(Password, changed), Is.False, $"v{version} changed at {at}");
        }
    }

    /// <summary>
    /// .NET's Identity writes only HMAC-SHA512 now; ASP.NET Core up to 6 wrote HMAC-SHA256 and
    /// others HMAC-SHA1. Hashes in that layout, which Identity's own verifier accepts, verify here too.
    /// </summary>
    [TestCase(0u, TestName = "Verify_AnIdentityV3HashWithHmacSha1_SucceedsAsIdentitysOwnVerifierDoes")]
    [TestCase(1u, TestName = "Verify_AnIdentityV3HashWithHmacSha256_SucceedsAsIdentitysOwnVerifierDoes")]
    public void Verify_AnIdentityV3HashWithAnOlderPrf_SucceedsAsIdentitysOwnVerifierDoes(uint prf)
    {
        var hash = V3(prf == 0 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256, prf, iterations: 10_000, Password);
        var identity = new PasswordHasher<ImportedUser>();

        Assert.That(identity.VerifyHashedPassword(new ImportedUser(), hash, Password), Is.Not.EqualTo(PasswordVerificationResult.Failed));
        Assert.That(ForeignHashes.Verify(Password, hash), Is.True);
        Assert.That(ForeignHashes.Verify(Password + "r", hash), Is.False);
    }

    [TestCase(3u, 10_000u, 16, 32, TestName = "Recognize_AnIdentityV3HashWithAnUnknownPrf_IsUnsupported")]
    [TestCase(2u, 0u, 16, 32, TestName = "Recognize_AnIdentityV3HashWithNoIterations_IsUnsupported")]
    [TestCase(2u, 10_000u, 15, 32, TestName = "Recognize_AnIdentityV3HashWithASaltUnder128Bits_IsUnsupported")]
    [TestCase(2u, 10_000u, 16, 15, TestName = "Recognize_AnIdentityV3HashWithASubkeyUnder128Bits_IsUnsupported")]
    [TestCase(2u, 10_000u, 16, 65, TestName = "Recognize_AnIdentityV3HashWithASubkeyOver512Bits_IsUnsupported")]
    public void Recognize_AMalformedIdentityV3Hash_IsUnsupported(uint prf, uint iterations, int saltLength, int subkeyLength) =>
        Assert.That(ForeignHashes.Recognizer().Recognize(V3Layout(prf, iterations, saltLength, new byte[saltLength], new byte[subkeyLength])).Code, Is.EqualTo(ForeignHashRecognition.UnsupportedCode));

    [Test]
    public void Recognize_AnIdentityV3HashAboveTheSha512Ceiling_IsTooCostly() =>
        Assert.That(ForeignHashes.Recognizer().Recognize(V3Layout(2, 1_000_001, 16, new byte[16], new byte[32])).Code, Is.EqualTo(ForeignHashRecognition.TooCostlyCode));

    [Test]
    public void Recognize_AnIdentityV2HashOfTheWrongLength_IsUnsupported() =>
        Assert.That(ForeignHashes.Recognizer().Recognize(Convert.ToBase64String(new byte[50])).Code, Is.EqualTo(ForeignHashRecognition.UnsupportedCode));

    private static string Hash(PasswordHasherOptions options, string password) =>
        new PasswordHasher<ImportedUser>(Options.Create(options)).HashPassword(new ImportedUser(), password);

    private static string V3(HashAlgorithmName algorithm, uint prf, uint iterations, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var subkey = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, (int)iterations, algorithm, 32);
        return V3Layout(prf, iterations, salt.Length, salt, subkey);
    }

    // 0x01, then PRF, iteration count and salt length as big-endian 32-bit numbers, then salt and subkey.
    private static string V3Layout(uint prf, uint iterations, int saltLength, byte[] salt, byte[] subkey)
    {
        var bytes = new byte[13 + salt.Length + subkey.Length];
        bytes[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), prf);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), iterations);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(9), (uint)saltLength);
        salt.CopyTo(bytes, 13);
        subkey.CopyTo(bytes, 13 + salt.Length);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Identity's hasher takes a user type; it never reads the user.</summary>
    public sealed class ImportedUser;
}
