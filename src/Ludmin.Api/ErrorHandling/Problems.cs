using System.Diagnostics;
using System.Text.Json;
using Ludmin.Domain.Common;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.ErrorHandling;

/// <summary>Builds and writes the one error shape, wherever the failure was found.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemResponse Create(HttpContext context, Error error, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(
            $"urn:ludmin:error:{error.Code}",
            error.Title,
            StatusOf(error.Kind),
            detail ?? error.Title,
            error.Code,
            errors,
            Activity.Current?.Id ?? context.TraceIdentifier);

    public static async Task WriteAsync(HttpContext context, Error error, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = Create(context, error, detail, errors);
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        if (error.Kind is ErrorKind.Unavailable or ErrorKind.TooManyRequests && !response.Headers.ContainsKey("Retry-After"))
        {
            response.Headers.RetryAfter = "1";
        }

        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await JsonSerializer.SerializeAsync(response.Body, problem, json, context.RequestAborted);
    }
}
