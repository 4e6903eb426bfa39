namespace Ludmin.Api.Requests;

/// <summary>Renames a passkey.</summary>
/// <param name="Name">The new name (1 to 64 characters).</param>
public sealed record RenamePasskeyRequest(string Name);
