using System.Globalization;
using Ludmin.Api.ErrorHandling;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ludmin.Api.OpenApi;

/// <summary>
/// Every failure an operation can answer with, as problem+json with the one problem schema:
/// the ones its action declares, plus those any operation of its kind can meet (a body that is
/// too large or not JSON, a missing token, an overloaded server, an unexpected fault).
/// </summary>
internal sealed class ProblemResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemResponse), context.SchemaRepository);
        operation.Responses ??= [];
        foreach (var status in CommonStatuses(context.ApiDescription))
        {
            operation.Responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse());
        }

        SortByStatus(operation.Responses);
        foreach (var (code, response) in operation.Responses)
        {
            if (int.Parse(code, CultureInfo.InvariantCulture) < 400 || response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Description = Describe(code, concrete.Description);
            concrete.Content = new Dictionary<string, IOpenApiMediaType>
            {
                [Problems.ContentType] = new OpenApiMediaType { Schema = problem },
            };
        }
    }

    /// <summary>The failures any operation of this kind can meet, whatever its action declares.</summary>
    private static List<int> CommonStatuses(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription action)
    {
        var metadata = action.ActionDescriptor.EndpointMetadata;
        var hasBody = action.ParameterDescriptions.Any(p => p.Source.Id == "Body");
        var statuses = new List<int> { StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable };
        if (hasBody || action.ParameterDescriptions.Any(p => p.Source.Id is "Query"))
        {
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        if (hasBody)
        {
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
        }

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            statuses.Add(StatusCodes.Status429TooManyRequests);
        }

        return statuses;
    }

    /// <summary>Numeric order, so the document reads (and diffs) the same on every run.</summary>
    private static void SortByStatus(OpenApiResponses responses)
    {
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (code, response) in ordered)
        {
            responses.Add(code, response);
        }
    }

    private static string Describe(string code, string? existing) => code switch
    {
        "400" => "The request is not valid: `validation_failed` (see `errors` per field), `malformed_request`, or a rule of this operation.",
        "401" => "No usable token: `token_missing`, `token_invalid`, `token_expired` (refresh it), `session_ended`, or this operation's own reason.",
        "403" => "The token does not allow this: `forbidden`, or this operation's own reason.",
        "404" => "Nothing found: this operation's `code` says what.",
        "409" => "A conflict: `email_in_use`, `last_master` (deleting the last master) or `concurrent_update`.",
        "413" => "`payload_too_large`: request bodies are limited to 16 KiB (4 MiB for `POST /users/import`).",
        "415" => "`unsupported_media_type`: send `Content-Type: application/json`.",
        "429" => "`rate_limited`: too many requests; retry after the `Retry-After` seconds.",
        "500" => "`internal_error`: a fault on our side; quote `trace_id` when reporting it.",
        "503" => "`server_busy` or `store_unavailable`: retry after the `Retry-After` seconds.",
        _ => existing ?? "A problem.",
    };
}
