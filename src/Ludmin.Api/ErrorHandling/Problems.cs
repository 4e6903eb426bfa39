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

    public static ProblemResponse Create(HttpContext context, Error error, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null) =>
        Create(context, ApiErrors.From(error), detail, errors);

    public static ProblemResponse Create(HttpContext context, ApiError error, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(
            $"urn:ludmin:error:{error.Code}",
            error.Title,
            error.Status,
            detail ?? error.Title,
            error.Code,
            errors,
            Activity.Current?.Id ?? context.TraceIdentifier);

    public static Task WriteAsync(HttpContext context, Error error, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null) =>
        WriteAsync(context, ApiErrors.From(error), detail, errors);

    public static async Task WriteAsync(HttpContext context, ApiError error, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = Create(context, error, detail, errors);
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        if (problem.Status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests && !response.Headers.ContainsKey("Retry-After"))
        {
            response.Headers.RetryAfter = "1";
        }

        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await JsonSerializer.SerializeAsync(response.Body, problem, json, context.RequestAborted);
    }
}
