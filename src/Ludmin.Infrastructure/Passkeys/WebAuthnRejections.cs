using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text.Json;
using Fido2NetLib;

namespace Ludmin.Infrastructure.Passkeys;

/// <summary>
/// The exceptions by which the WebAuthn library, and the JSON it is handed, say an answer is
/// wrong: a client's fault, answered 4xx. Anything else (a bug, a cancelled request) goes on as
/// it is. The library's own messages name the check that failed (origin, challenge, flags) and
/// quote no secret, so they become the problem's detail; the others get a plain sentence.
/// </summary>
internal static class WebAuthnRejections
{
    public static bool IsRejection(Exception ex) => ex is Fido2VerificationException
        or JsonException
        or CborContentException
        or FormatException
        or CryptographicException
        or ArgumentException
        or InvalidOperationException
        or NotSupportedException
        or OverflowException;

    public static string Detail(Exception ex) => ex is Fido2VerificationException
        ? $"The authenticator's answer was refused: {ex.Message}"
        : "The authenticator's answer is malformed.";
}
