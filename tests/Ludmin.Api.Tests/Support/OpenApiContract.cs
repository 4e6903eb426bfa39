using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// The checked-in docs/openapi.json as a contract every answer the API tests receive must keep:
/// the operation exists, it declares the status, the content type is one it lists, and the body
/// validates against the schema for that operation and status (JsonSchema.Net, draft 2020-12,
/// with <c>additionalProperties: false</c> so an undocumented field fails too). A failure says
/// which operation, status and request path, so whoever changed the API knows what to document.
/// </summary>
public static class OpenApiContract
{
    /// <summary>
    /// Served on purpose outside the document: health probes, Swagger UI itself, the metrics scrape,
    /// the root redirect, and the JWKS and discovery documents (shapes fixed by RFC 7517 and OpenID
    /// Connect Discovery, read by JWT libraries: docs/architecture.md).
    /// </summary>
    private static readonly string[] Undocumented = ["/health/", "/swagger", "/metrics", "/favicon.ico", "/.well-known/"];

    private static readonly Lazy<Document> Contract = new(Document.Load);

    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    /// <summary>Throws when the answer is one the document does not describe.</summary>
    public static void Check(HttpMethod method, string path, HttpStatusCode status, string? mediaType, string body)
    {
        if (method == HttpMethod.Options || method == HttpMethod.Head || path == "/" || Undocumented.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
        {
            return;
        }

        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        var template = Contract.Value.Match(path);
        if (template is null)
        {
            // A path no route serves: only the router's 404 is expected there.
            Require(status == HttpStatusCode.NotFound, $"{method} {path} answered {code}, but no path of docs/openapi.json matches it.");
            return;
        }

        var operationName = $"{method.Method.ToUpperInvariant()} {template}";
        if (Contract.Value.Paths[template]![method.Method.ToLowerInvariant()] is not JsonObject operation)
        {
            Require(status == HttpStatusCode.MethodNotAllowed, $"{operationName} is not in docs/openapi.json, yet {path} answered {code}.");
            return;
        }

        var where = $"OpenAPI: {operationName} ({operation["operationId"]}) answered {code} for {path}";
        if (operation["responses"]?[code] is not JsonObject response)
        {
            throw new InvalidOperationException($"{where}: docs/openapi.json declares no {code} for this operation. Body: {Shorten(body)}");
        }

        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            Require(body.Length == 0, $"{where}: the document declares no body, yet one came: {Shorten(body)}");
            return;
        }

        if (body.Length == 0)
        {
            throw new InvalidOperationException($"{where}: the document declares a body ({string.Join(", ", content.Select(c => c.Key))}), but it was empty.");
        }

        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            throw new InvalidOperationException($"{where}: Content-Type {mediaType ?? "(none)"} is not one the document lists ({string.Join(", ", content.Select(c => c.Key))}).");
        }

        if (media["schema"] is not JsonNode schemaNode)
        {
            return;
        }

        var schema = Schemas.GetOrAdd($"{operationName} {code} {mediaType}", _ => Contract.Value.Build(schemaNode));
        using var instance = JsonDocument.Parse(body);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"  at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Key}: {e.Value}"));
            throw new InvalidOperationException($"{where}: the body does not match the documented schema:\n{string.Join('\n', errors)}\nBody: {Shorten(body)}");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"OpenAPI: {message}");
        }
    }

    private static string Shorten(string body) => body.Length <= 600 ? body : body[..600] + "…";

    private sealed class Document(JsonObject paths, JsonObject definitions)
    {
        private readonly (string Template, string[] Segments)[] _templates = [.. paths
            .Select(p => (p.Key, p.Key.Trim('/').Split('/')))
            // Literal segments before parameters: /users/reset is not /users/{id}.
            .OrderByDescending(t => t.Item2.Count(s => !s.StartsWith('{')))];

        public JsonObject Paths => paths;

        public static Document Load()
        {
            var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "openapi.json")))!.AsObject();
            var definitions = new JsonObject();
            foreach (var (name, schema) in root["components"]?["schemas"]?.AsObject() ?? [])
            {
                definitions[name] = ToJsonSchema(schema!.DeepClone());
            }

            return new Document(root["paths"]!.AsObject(), definitions);
        }

        public string? Match(string path)
        {
            var segments = path.Trim('/').Split('/');
            return _templates.FirstOrDefault(t => t.Segments.Length == segments.Length
                && t.Segments.Zip(segments).All(p => (p.First.StartsWith('{') && p.Second.Length > 0) || p.First == p.Second)).Template;
        }

        /// <summary>One self-contained 2020-12 schema: the response's, with every component under <c>$defs</c>.</summary>
        public JsonSchema Build(JsonNode responseSchema)
        {
            var schema = ToJsonSchema(responseSchema.DeepClone()).AsObject();
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            schema["$defs"] = definitions.DeepClone();
            var id = new Uri($"https://ludmin.invalid/openapi/{Guid.NewGuid():N}");
            return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, id);
        }

        /// <summary>OpenAPI 3.0's dialect into JSON Schema's: <c>nullable</c> becomes a "null" type, references point into <c>$defs</c>, examples go.</summary>
        private static JsonNode ToJsonSchema(JsonNode node)
        {
            if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        ToJsonSchema(item);
                    }
                }

                return node;
            }

            if (node is not JsonObject schema)
            {
                return node;
            }

            schema.Remove("example");
            schema.Remove("examples");
            if (schema["$ref"] is JsonValue reference)
            {
                schema["$ref"] = reference.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            }

            if (schema["nullable"] is JsonValue nullable && nullable.GetValue<bool>() && schema["type"] is JsonValue type)
            {
                schema["type"] = new JsonArray(type.GetValue<string>(), "null");
            }

            schema.Remove("nullable");
            if (schema["format"] is JsonValue format && format.GetValue<string>() is "int32" or "int64" or "double" or "float")
            {
                schema.Remove("format"); // OpenAPI's number formats are not JSON Schema's; the type says enough.
            }

            foreach (var child in schema.Where(p => p.Key is not ("enum" or "required" or "default")).Select(p => p.Value).ToList())
            {
                if (child is not null)
                {
                    ToJsonSchema(child);
                }
            }

            return schema;
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ludmin.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Ludmin.sln was not found above the test binaries.");
        }
    }
}
