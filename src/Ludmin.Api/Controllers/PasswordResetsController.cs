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
    /// <remarks>The answer is the same whether or not the address belongs to a user. The code goes to the configured delivery (by email when the operators set up the SMTP sender), never into the answer.</remarks>
    [EnableRateLimiting(RateLimiting.Resets)]
    [HttpPost]
    [Authorize(Policy = LudminAuth.AnyToken)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    public async Task<IActionResult> RequestReset([FromBody] ResetRequest request, CancellationToken cancellationToken)
    {
        var command = new RequestResetCommand(HttpContext.ToCaller(), request.Email);
        using var lease = perEmail.Acquire(command.Email ?? string.Empty);
        if (!lease.IsAcquired)
        {
            await RateLimiting.RejectAsync(HttpContext, lease, RateLimiting.ResetsPerEmail);
            return new EmptyResult();
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
    public async Task<IActionResult> CompleteReset([FromBody] CompleteResetRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(
            new CompleteResetCommand(HttpContext.ToCaller(), request.Email, request.Code, request.Password, request.PasswordConfirmation),
            cancellationToken);
        return NoContent();
    }
}
