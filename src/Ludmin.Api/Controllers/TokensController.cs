using Ludmin.Api.Authentication;
using Ludmin.Api.ErrorHandling;
using Ludmin.Api.RateLimits;
using Ludmin.Api.Requests;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Tokens.IssuePublicToken;
using Ludmin.Application.Tokens.Login;
using Ludmin.Application.Tokens.Logout;
using Ludmin.Application.Tokens.PassSecondFactor;
using Ludmin.Application.Tokens.RefreshToken;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Ludmin.Api.Controllers;

/// <summary>Tokens: public tokens for devices, login, refresh and logout.</summary>
[ApiController]
[Route("tokens")]
[Produces("application/json")]
public sealed class TokensController(ISender sender) : ControllerBase
{
    /// <summary>Gets a public token for a device.</summary>
    /// <remarks>Every other call needs a token; before login, a public one. A device_id that is not 32 hex digits is replaced by a generated one, which is not stored.</remarks>
    [EnableRateLimiting(RateLimiting.PublicTokens)]
    [HttpPost("public")]
    [AllowAnonymous]
    [Consumes("application/json")]
    [ProducesResponseType<TokenResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    public async Task<ActionResult<TokenResult>> IssuePublicToken(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] PublicTokenRequest? request,
        CancellationToken cancellationToken) =>
        Ok(await sender.Send(new IssuePublicTokenCommand(request?.DeviceId), cancellationToken));

    /// <summary>Logs a user in on the token's device.</summary>
    /// <remarks>
    /// Checks the credentials against the user's current email and links the device to the user.
    /// On an account with a second factor, a right password links nothing yet: the answer has
    /// <c>type: "second_factor"</c>, a token good only for <c>POST /tokens/second-factor</c> (5
    /// minutes) and the <c>factors</c> that step accepts.
    /// </remarks>
    [EnableRateLimiting(RateLimiting.Logins)]
    [HttpPost]
    [Authorize(Policy = LudminAuth.AnyToken)]
    [Consumes("application/json")]
    [ProducesResponseType<TokenResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<ActionResult<TokenResult>> Login([FromBody] LoginRequest request, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new LoginCommand(HttpContext.ToCaller(), request.Email, request.Password, request.Description), cancellationToken);
        return Created($"/tokens/{result.DeviceId}", result);
    }

    /// <summary>Passes the second step of a login with a second factor.</summary>
    /// <remarks>
    /// Takes only the token a login answered with <c>type: "second_factor"</c>, and exactly one of
    /// <c>code</c> (TOTP) or <c>recovery_code</c>. Only now is the device linked: the answer is the
    /// login's user token, at <c>aal</c> 2. A wrong code answers 401 <c>second_factor_invalid</c>
    /// and counts toward the account's login slow-down; the fifth wrong one spends the token (then
    /// 401 <c>token_invalid</c>: log in again). A TOTP code is accepted once.
    /// </remarks>
    [EnableRateLimiting(RateLimiting.Logins)]
    [HttpPost("second-factor")]
    [Authorize(Policy = LudminAuth.SecondFactorToken)]
    [Consumes("application/json")]
    [ProducesResponseType<TokenResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<ActionResult<TokenResult>> PassSecondFactor([FromBody] SecondFactorRequest request, CancellationToken cancellationToken)
    {
        var (caller, userId, challengeId) = HttpContext.ToSecondFactorStep();
        var result = await sender.Send(new PassSecondFactorCommand(caller, userId, challengeId, request.Code, request.RecoveryCode), cancellationToken);
        return Created($"/tokens/{result.DeviceId}", result);
    }

    // Device ids are string? on purpose: a blank one binds as null, which a non-nullable parameter would
    // turn into a 400 "field is required"; it is answered like any other device id that is not the token's.

    /// <summary>Refreshes the token of a device.</summary>
    /// <remarks>Accepts a token that expired within the refresh window. A user token whose device is still linked gets a new user token (type refresh); otherwise the device gets a public token.</remarks>
    [HttpGet("{device_id}")]
    [Authorize(Policy = LudminAuth.AnyTokenWithinRefreshWindow)]
    [ProducesResponseType<TokenResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<ActionResult<TokenResult>> RefreshToken([FromRoute(Name = "device_id")] string? deviceId, CancellationToken cancellationToken) =>
        Ok(await sender.Send(new RefreshTokenCommand(HttpContext.ToCaller(), deviceId ?? string.Empty), cancellationToken));

    /// <summary>Logs a device out.</summary>
    /// <remarks>The device may be any device linked to the token's user. Its tokens are refused from the next request on.</remarks>
    [HttpDelete("{device_id}")]
    [Authorize(Policy = LudminAuth.UserTokenWithinRefreshWindow)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    public async Task<IActionResult> Logout([FromRoute(Name = "device_id")] string? deviceId, CancellationToken cancellationToken)
    {
        await sender.Send(new LogoutCommand(HttpContext.ToCaller(), deviceId ?? string.Empty), cancellationToken);
        return NoContent();
    }
}
