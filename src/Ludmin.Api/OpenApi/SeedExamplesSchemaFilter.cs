using System.Text.Json.Nodes;
using Ludmin.Api.Requests;
using Ludmin.Application.Common.Models;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ludmin.Api.OpenApi;

/// <summary>
/// Examples taken from the walkthrough of the seed description (docs/seed.md), so Swagger UI's
/// "Try it out" starts from a working request.
/// </summary>
internal sealed class SeedExamplesSchemaFilter : ISchemaFilter
{
    private const string Device = "0123456789abcdef0123456789abcdef";
    private const string UserId = "0192f0c4a3b17c3e8f4b2d6a1e9c5b70";
    private const string Time = "2026-01-01T12:00:00+00:00";

    private static readonly Dictionary<Type, Func<JsonNode>> Examples = new()
    {
        [typeof(PublicTokenRequest)] = () => new JsonObject { ["device_id"] = Device },
        [typeof(LoginRequest)] = () => new JsonObject { ["email"] = "jhon@doe.com", ["password"] = "123123123", ["description"] = "Macbook Pro" },
        [typeof(RegisterUserRequest)] = () => new JsonObject
        {
            ["full_name"] = "Jhon Doe",
            ["email"] = "jhon@doe.com",
            ["password"] = "123123123",
            ["password_confirmation"] = "123123123",
        },
        [typeof(UpdateProfileRequest)] = () => new JsonObject { ["full_name"] = "My new name" },
        [typeof(ResetRequest)] = () => new JsonObject { ["email"] = "jhon@doe.com" },
        [typeof(CompleteResetRequest)] = () => new JsonObject
        {
            ["email"] = "jhon@doe.com",
            ["code"] = "123456",
            ["password"] = "456456456",
            ["password_confirmation"] = "456456456",
        },
        [typeof(TokenResult)] = () => new JsonObject
        {
            // The header of an ES256 token (the default algorithm) with its key's kid; the rest elided.
            ["token"] = "eyJhbGciOiJFUzI1NiIsImtpZCI6IkdmOHJNMWhSMGJUMnhXcTlMelZuM2NZa1A0YUo2c0RlN3VJNW9YeVF3RUEiLCJ0eXAiOiJKV1QifQ.…",
            ["device_id"] = Device,
            ["user_id"] = UserId,
            ["type"] = "login",
            ["expires_at"] = Time,
        },
        [typeof(UserSummary)] = () => new JsonObject { ["id"] = UserId, ["full_name"] = "Jhon Doe" },
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Examples.TryGetValue(context.Type, out var example))
        {
            concrete.Examples = [example()];
        }
    }
}
