using System.Text.Json;

namespace Ludmin.Api.Requests;

/// <summary>
/// A WebAuthn member of a request (<c>credential</c>) as the text the Application's validator and
/// the WebAuthn library read: bound as a <see cref="JsonElement"/>, so the API's snake_case and
/// unknown-member rules stop at its edge. Left out or null, it is no text at all (a required field missing).
/// </summary>
internal static class WebAuthnJson
{
    public static string Text(JsonElement member) =>
        member.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? string.Empty : member.GetRawText();
}
