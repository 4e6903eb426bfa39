using Ludmin.Api.Authentication;
using Ludmin.Api.ErrorHandling;
using Ludmin.Api.Requests;
using Ludmin.Application.SecondFactors.BeginTotpEnrolment;
using Ludmin.Application.SecondFactors.ConfirmTotpEnrolment;
using Ludmin.Application.SecondFactors.RemoveOwnTotp;
using Ludmin.Application.SecondFactors.RemoveTotp;
using Ludmin.Application.SecondFactors.ReplaceRecoveryCodes;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Ludmin.Api.Controllers;

/// <summary>Second factors: a TOTP authenticator and the recovery codes that stand in for it.</summary>
[ApiController]
[Route("users")]
[Produces("application/json")]
public sealed class SecondFactorsController(ISender sender) : ControllerBase
{
    /// <summary>Starts enrolling a TOTP authenticator app.</summary>
    /// <remarks>
    /// Answers the secret (base32) and an <c>otpauth://</c> URI for the app, shown once. The
    /// enrolment waits 10 minutes for <c>PUT /users/me/totp</c>; a new POST replaces it. An active
    /// factor is refused with 409 <c>totp_already_active</c> (remove it first).
    /// </remarks>
    [HttpPost("me/totp")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [Consumes("application/json")]
    [ProducesResponseType<TotpEnrolment>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status409Conflict, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status429TooManyRequests, Problems.ContentType)]
    public async Task<ActionResult<TotpEnrolment>> BeginTotpEnrolment([FromBody] CurrentPasswordRequest request, CancellationToken cancellationToken)
    {
        var enrolment = await sender.Send(new BeginTotpEnrolmentCommand(HttpContext.ToCaller(), request.CurrentPassword), cancellationToken);
        return Created("/users/me/totp", enrolment);
    }

    /// <summary>Confirms the TOTP enrolment with a code from the app.</summary>
    /// <remarks>
    /// The factor is active from now on. Answers 10 recovery codes (shown once: keep them) and a
    /// new token for the caller's device at <c>aal</c> 2; every other session of the user ends. A
    /// wrong code, or no enrolment waiting, answers 400 <c>totp_code_invalid</c>.
    /// </remarks>
    [HttpPut("me/totp")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [Consumes("application/json")]
    [ProducesResponseType<TotpActivation>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<ActionResult<TotpActivation>> ConfirmTotpEnrolment([FromBody] TotpCodeRequest request, CancellationToken cancellationToken) =>
        Ok(await sender.Send(new ConfirmTotpEnrolmentCommand(HttpContext.ToCaller(), request.Code), cancellationToken));

    /// <summary>Removes the caller's own TOTP factor (the current password and an aal 2 token needed).</summary>
    /// <remarks>The recovery codes go with it, and logins need the password alone again.</remarks>
    [HttpDelete("me/totp")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status429TooManyRequests, Problems.ContentType)]
    public async Task<IActionResult> RemoveOwnTotp([FromBody] CurrentPasswordRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new RemoveOwnTotpCommand(HttpContext.ToCaller(), request.CurrentPassword), cancellationToken);
        return NoContent();
    }

    // Ids are string? on purpose, as in UsersController: a blank or malformed id names nobody (404).

    /// <summary>Removes a user's TOTP factor (a master, for a lost phone; or the user, as with <c>me</c>).</summary>
    /// <remarks>
    /// The recovery codes go with it, and logins need the password alone again. A master removes
    /// another user's factor with no body; the security log records it. Removing your own needs
    /// <c>current_password</c> and an aal 2 token, as <c>DELETE /users/me/totp</c> does.
    /// </remarks>
    [HttpDelete("{id}/totp")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status429TooManyRequests, Problems.ContentType)]
    public async Task<IActionResult> RemoveTotp(
        [FromRoute(Name = "id")] string? id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CurrentPasswordRequest? request,
        CancellationToken cancellationToken)
    {
        await sender.Send(new RemoveTotpCommand(HttpContext.ToCaller(), id ?? string.Empty, request?.CurrentPassword), cancellationToken);
        return NoContent();
    }

    /// <summary>Replaces the caller's recovery codes with a new set of 10 (an aal 2 token needed).</summary>
    /// <remarks>Every unused old code stops working. The new codes are shown once.</remarks>
    [HttpPost("me/recovery-codes")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [ProducesResponseType<RecoveryCodeSet>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    public async Task<ActionResult<RecoveryCodeSet>> ReplaceRecoveryCodes(CancellationToken cancellationToken) =>
        Ok(await sender.Send(new ReplaceRecoveryCodesCommand(HttpContext.ToCaller()), cancellationToken));
}
