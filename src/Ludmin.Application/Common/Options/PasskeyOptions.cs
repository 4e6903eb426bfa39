namespace Ludmin.Application.Common.Options;

/// <summary>
/// The WebAuthn relying party (<c>Ludmin:Passkeys</c>): the domain passkeys are bound to, the name
/// authenticators show, and the exact origins whose pages may use them. Development fills in
/// <c>localhost</c> and the API's own addresses; elsewhere passkeys stay off until
/// <see cref="RelyingPartyId"/> and <see cref="Origins"/> are set.
/// </summary>
public sealed class PasskeyOptions
{
    public const string Section = "Ludmin:Passkeys";

    /// <summary>A domain such as <c>example.com</c>: every origin is it or a subdomain of it.</summary>
    public string? RelyingPartyId { get; set; }

    /// <summary>What an authenticator shows beside the account ("Ludmin" unless set).</summary>
    public string RelyingPartyName { get; set; } = "Ludmin";

    /// <summary>The exact origins allowed, such as <c>https://app.example.com</c>.</summary>
    public IList<string> Origins { get; } = [];

    /// <summary>Whether passkeys are on: a relying party and at least one origin are configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(RelyingPartyId) && Origins.Any(o => !string.IsNullOrWhiteSpace(o));
}
