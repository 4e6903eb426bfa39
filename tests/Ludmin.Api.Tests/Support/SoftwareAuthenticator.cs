using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// A passkey authenticator in software, for the API tests: one ES256 (P-256) credential, attestation
/// <c>none</c>, with the client data and authenticator data built here byte by byte as WebAuthn §6.1
/// and §5.8.1 lay them out, and the answers in the JSON a browser's <c>toJSON()</c> gives. Each
/// answer can be bent (another origin, another relying party, a counter of the test's choosing)
/// to see the API refuse it.
/// </summary>
public sealed class SoftwareAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01;
    private const byte UserVerified = 0x04;
    private const byte BackupEligible = 0x08;
    private const byte BackedUp = 0x10;
    private const byte AttestedCredentialData = 0x40;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private byte[]? _userHandle;

    public SoftwareAuthenticator(string origin, string relyingPartyId = "localhost", bool synced = false)
    {
        Origin = origin;
        RelyingPartyId = relyingPartyId;
        Synced = synced;
    }

    /// <summary>The origin the client data names (the page's).</summary>
    public string Origin { get; set; }

    /// <summary>The relying party whose hash the authenticator data carries.</summary>
    public string RelyingPartyId { get; set; }

    /// <summary>A synced passkey: backup eligible and backed up, and a counter that stays 0.</summary>
    public bool Synced { get; }

    /// <summary>The signature counter the next answer carries (a synced passkey's stays 0).</summary>
    public uint Counter { get; set; }

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    public string CredentialIdText => Base64Url.EncodeToString(CredentialId);

    /// <summary>The answer to creation options: <c>RegistrationResponseJSON</c>.</summary>
    public JsonObject Register(JsonNode options)
    {
        _userHandle = Base64Url.DecodeFromChars((string)options["user"]!["id"]!);
        var clientData = ClientData("webauthn.create", (string)options["challenge"]!);
        var authenticatorData = AuthenticatorData(AttestedCredentialData, WithCredential());
        var attestation = new CborWriter();
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authenticatorData);
        attestation.WriteEndMap();
        return new JsonObject
        {
            ["id"] = CredentialIdText,
            ["rawId"] = CredentialIdText,
            ["type"] = "public-key",
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject { ["credProps"] = new JsonObject { ["rk"] = true } },
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["attestationObject"] = Base64Url.EncodeToString(attestation.Encode()),
                ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
                ["transports"] = new JsonArray("internal", "hybrid"),
                ["publicKeyAlgorithm"] = -7,
                ["publicKey"] = Base64Url.EncodeToString(_key.ExportSubjectPublicKeyInfo()),
            },
        };
    }

    /// <summary>The answer to request options: <c>AuthenticationResponseJSON</c>, signed over the authenticator data and the client data's hash.</summary>
    public JsonObject Assert(JsonNode options)
    {
        var clientData = ClientData("webauthn.get", (string)options["challenge"]!);
        var authenticatorData = AuthenticatorData(0, []);
        var signature = _key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new JsonObject
        {
            ["id"] = CredentialIdText,
            ["rawId"] = CredentialIdText,
            ["type"] = "public-key",
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject(),
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
                ["signature"] = Base64Url.EncodeToString(signature),
                ["userHandle"] = _userHandle is null ? null : Base64Url.EncodeToString(_userHandle),
            },
        };
    }

    public void Dispose() => _key.Dispose();

    private byte[] ClientData(string type, string challenge) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["challenge"] = challenge, ["origin"] = Origin, ["crossOrigin"] = false }.ToJsonString());

    /// <summary>rpIdHash (32) | flags (1) | signCount (4, big-endian) | attested credential data.</summary>
    private byte[] AuthenticatorData(byte extraFlags, byte[] attested)
    {
        var flags = (byte)(UserPresent | UserVerified | extraFlags | (Synced ? BackupEligible | BackedUp : 0));
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, Synced ? 0 : Counter);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(RelyingPartyId)), flags, .. counter, .. attested];
    }

    /// <summary>aaguid (16 zeros) | credentialIdLength (2) | credentialId | the public key as a COSE_Key.</summary>
    private byte[] WithCredential()
    {
        var point = _key.ExportParameters(false).Q;
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2); // kty: EC2
        cose.WriteInt32(3);
        cose.WriteInt32(-7); // alg: ES256
        cose.WriteInt32(-1);
        cose.WriteInt32(1); // crv: P-256
        cose.WriteInt32(-2);
        cose.WriteByteString(point.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(point.Y!);
        cose.WriteEndMap();
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)CredentialId.Length);
        return [.. new byte[16], .. length, .. CredentialId, .. cose.Encode()];
    }
}
