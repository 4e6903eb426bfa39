using Ludmin.Api.Authentication;
using Ludmin.Api.ErrorHandling;
using Ludmin.Api.OpenApi.WebAuthn;
using Ludmin.Api.RateLimits;
using Ludmin.Api.Requests;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Passkeys.BeginPasskeyRegistration;
using Ludmin.Application.Passkeys.DeletePasskey;
using Ludmin.Application.Passkeys.ListPasskeys;
using Ludmin.Application.Passkeys.RegisterPasskey;
using Ludmin.Application.Passkeys.RenamePasskey;
using Ludmin.Application.Tokens.BeginPasskeySignIn;
using Ludmin.Application.Tokens.SignInWithPasskey;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Ludmin.Api.Controllers;

/// <summary>
/// Passkeys (WebAuthn): registering and managing a user's passkeys, and signing in with one. The
/// options these actions answer and the <c>credential</c> members they take are WebAuthn's own
/// JSON, passed through as they are.
/// </summary>
[ApiController]
[Produces("application/json")]
public sealed class PasskeysController(ISender sender) : ControllerBase
{
    /// <summary>Starts registering a passkey to the token's user.</summary>
    /// <remarks>
    /// Answers WebAuthn's <c>PublicKeyCredentialCreationOptionsJSON</c> as it is (camelCase, base64url
    /// challenge and user id), for <c>PublicKeyCredential.parseCreationOptionsFromJSON</c>: a
    /// discoverable credential, user verification required, the user's passkeys excluded, ES256,
    /// EdDSA and RS256 offered. The challenge is good for five minutes, once, on this device.
    /// </remarks>
    [HttpPost("users/me/passkeys/options")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [ProducesResponseType<WebAuthnCreationOptions>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    public async Task<IActionResult> BeginPasskeyRegistration(CancellationToken cancellationToken) =>
        WebAuthnOptions(await sender.Send(new BeginPasskeyRegistrationCommand(HttpContext.ToCaller()), cancellationToken));

    /// <summary>Finishes registering a passkey to the token's user.</summary>
    /// <remarks>Takes the browser's answer to the options from <c>POST /users/me/passkeys/options</c> on this device. Attestation <c>none</c> is accepted; other formats are verified.</remarks>
    [HttpPost("users/me/passkeys")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [Consumes("application/json")]
    [ProducesResponseType<PasskeyView>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status409Conflict, Problems.ContentType)]
    public async Task<ActionResult<PasskeyView>> RegisterPasskey([FromBody] RegisterPasskeyRequest request, CancellationToken cancellationToken)
    {
        var passkey = await sender.Send(new RegisterPasskeyCommand(HttpContext.ToCaller(), request.Name, WebAuthnJson.Text(request.Credential)), cancellationToken);
        return Created($"/users/me/passkeys/{passkey.Id}", passkey);
    }

    /// <summary>Lists the token's user's passkeys.</summary>
    /// <remarks>Oldest first; never a key or a credential id.</remarks>
    [HttpGet("users/me/passkeys")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [ProducesResponseType<PasskeyList>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    public async Task<ActionResult<PasskeyList>> ListPasskeys(CancellationToken cancellationToken) =>
        Ok(await sender.Send(new ListPasskeysQuery(HttpContext.ToCaller()), cancellationToken));

    /// <summary>Renames one of the token's user's passkeys.</summary>
    [HttpPut("users/me/passkeys/{id}")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [Consumes("application/json")]
    [ProducesResponseType<PasskeyView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status409Conflict, Problems.ContentType)]
    public async Task<ActionResult<PasskeyView>> RenamePasskey([FromRoute(Name = "id")] string? id, [FromBody] RenamePasskeyRequest request, CancellationToken cancellationToken) =>
        Ok(await sender.Send(new RenamePasskeyCommand(HttpContext.ToCaller(), id ?? string.Empty, request.Name), cancellationToken));

    /// <summary>Removes one of the token's user's passkeys.</summary>
    /// <remarks>It signs in nowhere from the next request on; sessions it started live on until logged out.</remarks>
    [HttpDelete("users/me/passkeys/{id}")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    public async Task<IActionResult> DeletePasskey([FromRoute(Name = "id")] string? id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeletePasskeyCommand(HttpContext.ToCaller(), id ?? string.Empty), cancellationToken);
        return NoContent();
    }

    /// <summary>Starts a passkey sign-in on the token's device.</summary>
    /// <remarks>
    /// Any valid token, typically the device's public one; no body, or <c>{}</c>. Answers WebAuthn's
    /// <c>PublicKeyCredentialRequestOptionsJSON</c> as it is, for
    /// <c>PublicKeyCredential.parseRequestOptionsFromJSON</c>: an empty <c>allowCredentials</c> (the
    /// authenticator offers the passkeys it holds) and user verification required; nothing in it
    /// names any account. The challenge is good for five minutes, once, on this device.
    /// </remarks>
    [EnableRateLimiting(RateLimiting.Logins)]
    [HttpPost("tokens/passkey/options")]
    [Authorize(Policy = LudminAuth.AnyToken)]
    [ProducesResponseType<WebAuthnRequestOptions>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    public async Task<IActionResult> BeginPasskeySignIn(CancellationToken cancellationToken) =>
        WebAuthnOptions(await sender.Send(new BeginPasskeySignInCommand(HttpContext.ToCaller()), cancellationToken));

    /// <summary>Signs in with a passkey alone on the token's device.</summary>
    /// <remarks>Takes the browser's answer to the options from <c>POST /tokens/passkey/options</c> on this device, and links the device to the passkey's user as a password login does.</remarks>
    [EnableRateLimiting(RateLimiting.Logins)]
    [HttpPost("tokens/passkey")]
    [Authorize(Policy = LudminAuth.AnyToken)]
    [Consumes("application/json")]
    [ProducesResponseType<TokenResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    public async Task<ActionResult<TokenResult>> SignInWithPasskey([FromBody] PasskeySignInRequest request, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new SignInWithPasskeyCommand(HttpContext.ToCaller(), WebAuthnJson.Text(request.Credential), request.Description), cancellationToken);
        return Created($"/tokens/{result.DeviceId}", result);
    }

    /// <summary>WebAuthn's JSON as the library wrote it: not re-serialized, so the API's snake_case never touches it.</summary>
    private ContentResult WebAuthnOptions(PasskeyCeremony ceremony) => Content(ceremony.OptionsJson, "application/json");
}
