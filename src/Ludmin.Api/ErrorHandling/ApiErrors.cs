using Ludmin.Domain.Common;

namespace Ludmin.Api.ErrorHandling;

/// <summary>
/// Every error the API answers with, and its status: the transport's own errors (a request HTTP
/// refused before any use case ran: unreadable, too large, wrong verb, no token, too many) and the
/// one mapping from the domain's error kinds to statuses. Codes are part of the public contract,
/// as the domain's are (<see cref="Errors"/>): add new ones, never rename or reuse one.
/// </summary>
public static class ApiErrors
{
    public static readonly ApiError MalformedRequest = new("malformed_request", StatusCodes.Status400BadRequest, "The request body could not be read as JSON.");
    public static readonly ApiError PayloadTooLarge = new("payload_too_large", StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
    public static readonly ApiError UnsupportedMediaType = new("unsupported_media_type", StatusCodes.Status415UnsupportedMediaType, "The request body must be application/json.");
    public static readonly ApiError TokenMissing = new("token_missing", StatusCodes.Status401Unauthorized, "A token is required.");
    public static readonly ApiError NotFound = new("not_found", StatusCodes.Status404NotFound, "There is nothing here.");
    public static readonly ApiError MethodNotAllowed = new("method_not_allowed", StatusCodes.Status405MethodNotAllowed, "This method is not allowed here.");
    public static readonly ApiError RateLimited = new("rate_limited", StatusCodes.Status429TooManyRequests, "Too many requests; retry later.");
    public static readonly ApiError Internal = new("internal_error", StatusCodes.Status500InternalServerError, "An unexpected error occurred.");

    /// <summary>The transport's errors, which no use case raises.</summary>
    public static IReadOnlyList<ApiError> Transport { get; } =
        [MalformedRequest, PayloadTooLarge, UnsupportedMediaType, TokenMissing, NotFound, MethodNotAllowed, RateLimited, Internal];

    /// <summary>Every code the API answers with, the domain's and the transport's: the table in docs/api.md.</summary>
    public static IReadOnlyList<ApiError> All { get; } = [.. Errors.All.Select(From), .. Transport];

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Denied => StatusCodes.Status403Forbidden,
        ErrorKind.Absent => StatusCodes.Status404NotFound,
        ErrorKind.Collision => StatusCodes.Status409Conflict,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An error kind without a status."),
    };

    /// <summary>A domain error as the API answers it.</summary>
    public static ApiError From(Error error) => new(error.Code, StatusOf(error.Kind), error.Title);
}
