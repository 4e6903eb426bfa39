using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.Passwords.Foreign;
using Microsoft.Extensions.Options;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>A recognizer at the default ceilings (or others) and a verifier with libsodium loaded, as the tests use them.</summary>
internal static class ForeignHashes
{
    public static ForeignHashRecognizer Recognizer(ForeignHashOptions? options = null) => new(Options.Create(options ?? new ForeignHashOptions()));

    public static ForeignHashVerifier Verifier() => new(new LibsodiumLoader());

    /// <summary>Recognises the text, which must be a hash within the ceilings, and verifies the password against it.</summary>
    public static bool Verify(string password, string hash)
    {
        var recognition = Recognizer().Recognize(hash);
        Assert.That(recognition.IsRecognized, Is.True, $"{hash}: {recognition.Code}");
        return Verifier().Verify(password, recognition.Hash!);
    }
}
