using System.Buffers.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Passkeys;

/// <summary>
/// The WebAuthn ceremonies on Fido2NetLib (passwordless-lib): it makes the options and verifies
/// attestations and assertions (CBOR, COSE keys, signatures, origins, flags); Ludmin reads no CBOR
/// and checks no signature itself. What it leaves to the application (challenge storage, the
/// counter rule, who owns a credential) the handlers do.
/// </summary>
internal sealed class Fido2WebAuthn : IWebAuthn
{
    /// <summary>ES256, EdDSA and RS256, in the order authenticators should prefer them.</summary>
    private static readonly PubKeyCredParam[] Algorithms =
        [new(COSE.Algorithm.ES256), new(COSE.Algorithm.EdDSA), new(COSE.Algorithm.RS256)];

    private readonly Fido2? _fido2;

    public Fido2WebAuthn(PasskeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _fido2 = options.Enabled ? new Fido2(Configuration(options)) : null;
    }

    public CeremonyOptions CreationOptions(User user, IReadOnlyList<CredentialId> existing)
    {
        ArgumentNullException.ThrowIfNull(user);
        var options = Library.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = Passkey.UserHandleOf(user.Id), Name = user.CurrentEmail.Value, DisplayName = user.FullName.Value },
            ExcludeCredentials = [.. existing.Select(c => new PublicKeyCredentialDescriptor(c.ToBytes()))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
            PubKeyCredParams = Algorithms,
        });
        return new CeremonyOptions(Base64Url.EncodeToString(options.Challenge), options.ToJson());
    }

    public CeremonyOptions RequestOptions(IReadOnlyList<CredentialId> allowed)
    {
        var options = Library.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. allowed.Select(c => new PublicKeyCredentialDescriptor(c.ToBytes()))],
            UserVerification = UserVerificationRequirement.Required,
        });
        return new CeremonyOptions(Base64Url.EncodeToString(options.Challenge), options.ToJson());
    }

    public WebAuthnAnswer? ReadAnswer(string credentialJson) => WebAuthnAnswerReader.Read(credentialJson);

    public async Task<VerifiedRegistration> VerifyRegistrationAsync(string optionsJson, string credentialJson, CancellationToken cancellationToken)
    {
        try
        {
            var registered = await Library.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = Parse<AuthenticatorAttestationRawResponse>(credentialJson),
                OriginalOptions = CredentialCreateOptions.FromJson(optionsJson),

                // The store's unique key decides (passkey_in_use), not a read before the write.
                IsCredentialIdUniqueToUserCallback = static (_, _) => Task.FromResult(true),
            }, cancellationToken);
            return CredentialId.TryFromBytes(registered.Id, out var id)
                ? new VerifiedRegistration(id, registered.PublicKey, registered.SignCount, registered.IsBackupEligible, registered.IsBackedUp)
                : throw new DomainException(Errors.PasskeyRegistrationInvalid, "The credential id is not 16 to 1023 bytes.", "credential");
        }
        catch (Exception ex) when (WebAuthnRejections.IsRejection(ex))
        {
            throw new DomainException(Errors.PasskeyRegistrationInvalid, WebAuthnRejections.Detail(ex), "credential");
        }
    }

    public async Task<VerifiedAssertion> VerifyAssertionAsync(string optionsJson, string credentialJson, Passkey passkey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        try
        {
            var result = await Library.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = Parse<AuthenticatorAssertionRawResponse>(credentialJson),
                OriginalOptions = AssertionOptions.FromJson(optionsJson),
                StoredPublicKey = passkey.PublicKey,

                // The counter rule is Passkey.RecordUse's, stricter than the library's (it also refuses
                // 0 after a non-zero counter), so it is decided, and reported, in one place.
                StoredSignatureCounter = 0,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(
                    args.UserHandle.AsSpan().SequenceEqual(passkey.UserHandle) && args.CredentialId.AsSpan().SequenceEqual(passkey.CredentialId.ToBytes())),
            }, cancellationToken);
            return new VerifiedAssertion(result.SignCount, result.IsBackedUp);
        }
        catch (Exception ex) when (WebAuthnRejections.IsRejection(ex))
        {
            throw new DomainException(Errors.PasskeyInvalid, WebAuthnRejections.Detail(ex));
        }
    }

    /// <summary>The relying party as the library takes it; every options and answer is checked against it.</summary>
    internal static Fido2Configuration Configuration(PasskeyOptions options) => new()
    {
        RPID = options.RelyingPartyId!,
        RPName = options.RelyingPartyName,
        Origins = new HashSet<string>(options.Origins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')), StringComparer.Ordinal),

        // 32 bytes, above WebAuthn's minimum of 16: a challenge is also the key its ceremony is found by.
        ChallengeSize = 32,

        // As long as the challenge lives in the store, so the browser does not give up earlier or later.
        Timeout = (uint)PasskeyChallenge.Lifetime.TotalMilliseconds,
    };

    private Fido2 Library => _fido2 ?? throw new DomainException(Errors.PasskeysDisabled);

    private static T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json) ?? throw new JsonException("The credential is null.");
}
