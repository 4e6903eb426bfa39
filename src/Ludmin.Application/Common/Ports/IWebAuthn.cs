using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>
/// The WebAuthn ceremonies as a library verifies them: options made for the configured relying
/// party, and answers checked against the options they answer (challenge, origin, relying party,
/// flags, signature, attestation). What the library leaves to Ludmin (where challenges wait,
/// counters, who owns which credential) is the handlers'. The JSON in and out is WebAuthn's own.
/// A rejected answer throws a <see cref="Domain.Common.DomainException"/>:
/// <see cref="Domain.Common.Errors.PasskeyRegistrationInvalid"/> or <see cref="Domain.Common.Errors.PasskeyInvalid"/>.
/// </summary>
public interface IWebAuthn
{
    /// <summary><c>PublicKeyCredentialCreationOptionsJSON</c> for the user, their passkeys excluded.</summary>
    CeremonyOptions CreationOptions(User user, IReadOnlyList<CredentialId> existing);

    /// <summary><c>PublicKeyCredentialRequestOptionsJSON</c>: none allowed means any discoverable credential.</summary>
    CeremonyOptions RequestOptions(IReadOnlyList<CredentialId> allowed);

    /// <summary>The challenge and credential id an answer names, read before it is verified; null when it is not an answer at all.</summary>
    WebAuthnAnswer? ReadAnswer(string credentialJson);

    Task<VerifiedRegistration> VerifyRegistrationAsync(string optionsJson, string credentialJson, CancellationToken cancellationToken);

    Task<VerifiedAssertion> VerifyAssertionAsync(string optionsJson, string credentialJson, Passkey passkey, CancellationToken cancellationToken);
}
