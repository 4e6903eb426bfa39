using System.Buffers.Text;
using System.Text.Json;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Passkeys;

namespace Ludmin.Infrastructure.Passkeys;

/// <summary>
/// Reads which challenge an answer answers (<c>response.clientDataJSON</c>'s <c>challenge</c>) and
/// with which credential (<c>rawId</c>), before anything is verified: that is how the ceremony's
/// state is found in the store. Plain JSON and base64url; the CBOR is the library's.
/// </summary>
internal static class WebAuthnAnswerReader
{
    private static readonly JsonDocumentOptions Limits = new() { MaxDepth = 16 };

    public static WebAuthnAnswer? Read(string credentialJson)
    {
        try
        {
            using var credential = JsonDocument.Parse(credentialJson, Limits);
            var root = credential.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryDecode(root, "rawId", out var rawId)
                || !CredentialId.TryFromBytes(rawId, out var credentialId)
                || !root.TryGetProperty("response", out var response)
                || response.ValueKind != JsonValueKind.Object
                || !TryDecode(response, "clientDataJSON", out var clientData))
            {
                return null;
            }

            using var client = JsonDocument.Parse(clientData, Limits);
            return client.RootElement.ValueKind == JsonValueKind.Object
                && client.RootElement.TryGetProperty("challenge", out var challenge)
                && challenge.ValueKind == JsonValueKind.String
                && challenge.GetString() is { Length: > 0 and <= 256 } text
                ? new WebAuthnAnswer(text, credentialId)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryDecode(JsonElement element, string name, out byte[] bytes)
    {
        bytes = [];
        if (!element.TryGetProperty(name, out var member) || member.ValueKind != JsonValueKind.String || member.GetString() is not { Length: > 0 } text || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}
