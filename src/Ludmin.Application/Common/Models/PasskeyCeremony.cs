namespace Ludmin.Application.Common.Models;

/// <summary>
/// WebAuthn options for the browser, as WebAuthn's own JSON
/// (<c>PublicKeyCredentialCreationOptionsJSON</c> or <c>PublicKeyCredentialRequestOptionsJSON</c>):
/// sent as they are, not in the API's snake_case, so <c>PublicKeyCredential.parse…OptionsFromJSON</c>
/// takes them unchanged.
/// </summary>
public sealed record PasskeyCeremony(string OptionsJson);
