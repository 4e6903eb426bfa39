using System.Text.Json.Nodes;
using Ludmin.Application.Common.Models;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ludmin.Api.OpenApi;

/// <summary>A token's <c>type</c> is one of four words, so generated clients get an enum to switch on.</summary>
internal sealed class TokenTypeSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type == typeof(TokenResult)
            && schema is OpenApiSchema concrete
            && concrete.Properties?.TryGetValue("type", out var type) == true
            && type is OpenApiSchema property)
        {
            property.Enum = [JsonValue.Create(TokenKind.Public), JsonValue.Create(TokenKind.Login), JsonValue.Create(TokenKind.Refresh), JsonValue.Create(TokenKind.SecondFactor)];
        }
    }
}
