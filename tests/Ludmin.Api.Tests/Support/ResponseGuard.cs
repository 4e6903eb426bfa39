using System.Net;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// Checks every answer of the server, whatever the test asserts besides: never a 500, no
/// password hash, password history or stack trace in any body or header, and nothing that
/// docs/openapi.json does not describe (<see cref="OpenApiContract"/>).
/// </summary>
public sealed class ResponseGuard : DelegatingHandler
{
    private static readonly string[] Forbidden =
    [
        "$argon2",
        "argon2id",
        "password_hash",
        "passwordhash",
        "password_history",
        "passwordhistory",
        "code_hash",
        "stacktrace",
        "stack_trace",
        "   at ",
        "exception",
        "microsoft.data.sqlite",
        "sqlite error",
    ];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered 500: {body}");
        }

        var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(',', h.Value)}"));
        var isSwaggerAsset = request.RequestUri?.AbsolutePath.StartsWith("/swagger", StringComparison.Ordinal) == true
            && response.Content.Headers.ContentType?.MediaType != "application/json";
        // The scrape names instruments such as dotnet_exceptions_total and ludmin_password_hashes_*:
        // those words are not leaks there (a hash itself, "$argon2", still is).
        var isScrape = request.RequestUri?.AbsolutePath == "/metrics";

        // An import names the field a refused row is about, password_hash among them: the name, never a hash.
        if (request.RequestUri?.AbsolutePath == "/users/import")
        {
            body = body.Replace("\"field\":\"password_hash\"", "\"field\":\"-\"", StringComparison.Ordinal);
        }

        // The OpenAPI document names the import's password_hash field (issue 21's contract): a name, not a hash.
        var isDocument = request.RequestUri?.AbsolutePath == "/swagger/v1/swagger.json";
        foreach (var word in Forbidden.Where(w => (!isScrape || w is not ("exception" or "password_hash")) && (!isDocument || w != "password_hash")))
        {
            if (headers.Contains(word, StringComparison.OrdinalIgnoreCase)
                || (!isSwaggerAsset && body.Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} leaked '{word}': {body}");
            }
        }

        OpenApiContract.Check(request.Method, request.RequestUri?.AbsolutePath ?? "/", response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        return response;
    }
}
