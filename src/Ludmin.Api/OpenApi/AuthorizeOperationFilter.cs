using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ludmin.Api.OpenApi;

/// <summary>
/// Marks the operations that need a token, so Swagger UI sends the one given to Authorize, and
/// says <c>security: []</c> on those that need none (<c>POST /tokens/public</c>), so a reader
/// and a linter know the absence is meant.
/// </summary>
internal sealed class AuthorizeOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security = [];
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SwaggerSetup.BearerScheme, context.Document)] = [],
        });
    }
}
