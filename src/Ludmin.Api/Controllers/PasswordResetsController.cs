using Ludmin.Api.Authentication;
using Ludmin.Api.ErrorHandling;
using Ludmin.Api.RateLimits;
using Ludmin.Api.Requests;
using Ludmin.Application.PasswordResets.CompleteReset;
using Ludmin.Application.PasswordResets.RequestReset;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Ludmin.Api.Controllers;

/// <summary>Password reset by code.</summary>
[ApiController]
[Route("users/reset")]
[Produces("application/json")]
public sealed class PasswordResetsController(ISender sender, ResetsPerEmailLimiter perEmail) : ControllerBase
{
    /// <summary>Requests a reset code for an email address.</summary>
    /// <remarks>The answer is the same whether or not the address belongs to a user, and comes before the code is issued. A request while a code lives sends that code again; past the allowance for one address (3 an hour by default) nothing more is sent. The code goes to the configured delivery (by email when the operators set up the SMTP sender), never into the answer.</remarks>
    [EnableRateLimiting(RateLimiting.Resets)]
    [HttpPost]
    [Authorize(Policy = LudminAuth.AnyToken)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<IActionResult> RequestReset([FromBody] ResetRequest request, CancellationToken cancellationToken)
    {
        var command = new RequestResetCommand(HttpContext.ToCaller(), request.Email);
        using var lease = perEmail.Acquire(command.Email ?? string.Empty);
        if (!lease.IsAcquired)
        {
            // Past the address's allowance nothing new is sent, but the answer is the usual 202: a
            // 429 here would let a stranger keep the owner from asking for an hour. The owner
            // already has the live code (repeated requests send the same one). The command still
            // goes through validation, so a malformed address is a 400 either way.
            HttpContext.RequestServices.GetRequiredService<IRateLimitRefusals>().Refused(RateLimiting.ResetsPerEmail);
            command = command with { WithinAllowance = false };
        }

        await sender.Send(command, cancellationToken);
        return Accepted();
    }

    /// <summary>Sets a new password with a reset code.</summary>
    /// <remarks>Consumes the code and logs out every device of the user. A wrong, expired, used or unknown code all get the same 400.</remarks>
    [EnableRateLimiting(RateLimiting.Resets)]
    [HttpPut]
    [Authorize(Policy = LudminAuth.AnyToken)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<IActionResult> CompleteReset([FromBody] CompleteResetRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(
            new CompleteResetCommand(HttpContext.ToCaller(), request.Email, request.Code, request.Password, request.PasswordConfirmation),
            cancellationToken);
        return NoContent();
    }
}
