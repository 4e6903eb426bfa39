using Ludmin.Api.Authentication;
using Ludmin.Api.ErrorHandling;
using Ludmin.Api.RateLimits;
using Ludmin.Api.Requests;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Users.DeleteUser;
using Ludmin.Application.Users.GetUser;
using Ludmin.Application.Users.ImportUsers;
using Ludmin.Application.Users.ListUsers;
using Ludmin.Application.Users.RegisterUser;
using Ludmin.Application.Users.UpdateProfile;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;

namespace Ludmin.Api.Controllers;

/// <summary>Users: registration, profiles and their changes, the master's list.</summary>
[ApiController]
[Route("users")]
[Produces("application/json")]
public sealed class UsersController(ISender sender) : ControllerBase
{
    /// <summary>Registers a user.</summary>
    [EnableRateLimiting(RateLimiting.Registrations)]
    [HttpPost]
    [Authorize(Policy = LudminAuth.AnyToken)]
    [Consumes("application/json")]
    [ProducesResponseType<UserProfile>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status409Conflict, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<ActionResult<UserProfile>> RegisterUser([FromBody] RegisterUserRequest request, CancellationToken cancellationToken)
    {
        var profile = await sender.Send(
            new RegisterUserCommand(HttpContext.ToCaller(), request.FullName, request.Email, request.Password, request.PasswordConfirmation),
            cancellationToken);
        return Created($"/users/{profile.Id}", profile);
    }

    /// <summary>Imports users from another system with the password hashes they had there (masters only).</summary>
    /// <remarks>
    /// Up to 1,000 users a call (more is a 400 <c>validation_failed</c> on <c>users</c>); bodies up to
    /// 4 MiB on this endpoint only. One result per user, in the order sent: <c>created</c> with its
    /// <c>user_id</c>; <c>exists</c> when the address is anybody's, now or in the past (nothing
    /// changed, so a call repeated after a timeout creates nobody twice); or <c>invalid</c> with a
    /// <c>code</c> (<c>email_invalid</c>, <c>full_name_invalid</c>, <c>hash_unsupported</c>,
    /// <c>hash_too_costly</c>, <c>created_at_invalid</c>) and the <c>field</c>. One bad row never
    /// fails the others. Imported users have no devices; a hash is verified at the user's first
    /// login and replaced there by a hash of Ludmin's own. No hash is ever returned, and nothing is verified here.
    /// </remarks>
    [EnableRateLimiting(RateLimiting.Imports)]
    [HttpPost("import")]
    [Authorize(Policy = LudminAuth.MasterToken)]
    [Consumes("application/json")]
    [ProducesResponseType<ImportUsersResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<ActionResult<ImportUsersResult>> ImportUsers([FromBody] ImportUsersRequest request, CancellationToken cancellationToken)
    {
        var entries = request.Users?
            .Select(u => u is null ? null : new ImportUserEntry(u.FullName, u.Email, u.EmailVerified, u.PasswordHash, u.CreatedAt))
            .ToList();
        return Ok(await sender.Send(new ImportUsersCommand(HttpContext.ToCaller(), entries), cancellationToken));
    }

    /// <summary>Lists users, a page at a time (masters only).</summary>
    /// <remarks>
    /// Oldest first. Each page answers <c>next</c>, a cursor to pass as <c>after</c> for the page
    /// that follows (null on the last page). Follow <c>next</c> for deep pages: a page by cursor
    /// costs the same at any depth, a page by number costs more the deeper it is. <c>after</c>
    /// cannot be combined with a <c>page</c> past the first.
    /// </remarks>
    /// <param name="page">Page number, from 1; for the first pages (deep pages: follow <c>next</c>).</param>
    /// <param name="pageSize">Users per page, 1 to 100.</param>
    /// <param name="after">The <c>next</c> cursor of the page before, unchanged.</param>
    [HttpGet]
    [Authorize(Policy = LudminAuth.MasterToken)]
    [ProducesResponseType<UserPage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    public async Task<ActionResult<UserPage>> ListUsers(
        [FromQuery(Name = "page")] int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = ListUsersQuery.DefaultPageSize,
        [FromQuery(Name = "after")] string? after = null,
        CancellationToken cancellationToken = default) =>
        Ok(await sender.Send(new ListUsersQuery(HttpContext.ToCaller(), page, pageSize, AsSent(after, "after")), cancellationToken));

    // The binder turns an empty value into null; an empty after= is a bad cursor (400), not a
    // silent restart from the first page, which would loop a client that sends `after=` at the end.
    private string? AsSent(string? bound, string name) =>
        bound ?? (Request.Query.ContainsKey(name) ? string.Empty : null);

    // Ids are string? on purpose: a blank id binds as null, which a non-nullable parameter would turn into
    // a 400 "field is required"; like any other malformed id it names nobody and is answered 404.

    /// <summary>Gets a user by id, or the caller with <c>me</c>.</summary>
    /// <remarks>The user and masters see the full profile; other users see only the id and the name.</remarks>
    [HttpGet("{id}")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [ProducesResponseType<UserProfile>(StatusCodes.Status200OK)]
    [ProducesResponseType<UserSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    public async Task<IActionResult> GetUser([FromRoute(Name = "id")] string? id, CancellationToken cancellationToken)
    {
        var view = await sender.Send(new GetUserQuery(HttpContext.ToCaller(), id ?? string.Empty), cancellationToken);
        return view.Profile is not null ? Ok(view.Profile) : Ok(view.Summary);
    }

    /// <summary>Updates a user's name, email and password, all or nothing (self, or a master for anyone).</summary>
    [HttpPut("{id}")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [Consumes("application/json")]
    [ProducesResponseType<UserProfile>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status409Conflict, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status429TooManyRequests, Problems.ContentType)]
    public async Task<ActionResult<UserProfile>> UpdateProfile([FromRoute(Name = "id")] string? id, [FromBody] UpdateProfileRequest request, CancellationToken cancellationToken) =>
        Ok(await sender.Send(
            new UpdateProfileCommand(
                HttpContext.ToCaller(), id ?? string.Empty, request.FullName, request.Email, request.Password, request.PasswordConfirmation, request.CurrentPassword),
            cancellationToken));

    /// <summary>Deletes a user's account (self with the current password, or a master for anyone but the last master).</summary>
    /// <remarks>
    /// Everything of the user goes: addresses (free to be registered again), password history,
    /// devices (every token of the user is refused from the next request on), reset code and the
    /// failed-login counts of its addresses. The password travels in a JSON body, as for
    /// <c>PUT /users/{id}</c>; a master deleting another user may send no body at all.
    /// </remarks>
    [HttpDelete("{id}")]
    [Authorize(Policy = LudminAuth.UserToken)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status400BadRequest, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status401Unauthorized, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status403Forbidden, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status404NotFound, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status409Conflict, Problems.ContentType)]
    [ProducesResponseType<ProblemResponse>(StatusCodes.Status429TooManyRequests, Problems.ContentType)]
    public async Task<IActionResult> DeleteUser(
        [FromRoute(Name = "id")] string? id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DeleteUserRequest? request,
        CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteUserCommand(HttpContext.ToCaller(), id ?? string.Empty, request?.CurrentPassword), cancellationToken);
        return NoContent();
    }
}
