using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ludmin.Api.OpenApi;

/// <summary>
/// An action that declares several body types for one status answers with one of them
/// (a user's own profile, or another user's summary): the document says so with <c>oneOf</c>,
/// where ApiExplorer alone would keep only one of the types.
/// </summary>
internal sealed class OneOfResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var declared = context.MethodInfo.GetCustomAttributes(typeof(ProducesResponseTypeAttribute), inherit: true)
            .Cast<ProducesResponseTypeAttribute>()
            .Where(a => a.Type != typeof(void))
            .GroupBy(a => a.StatusCode)
            .Where(g => g.Select(a => a.Type).Distinct().Count() > 1);

        foreach (var group in declared)
        {
            var key = group.Key.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(key, out var response) != true || response!.Content is null)
            {
                continue;
            }

            var oneOf = new OpenApiSchema
            {
                OneOf = [.. group.Select(a => a.Type).Distinct().Select(t => context.SchemaGenerator.GenerateSchema(t, context.SchemaRepository))],
            };
            foreach (var media in response.Content.Values.OfType<OpenApiMediaType>())
            {
                media.Schema = oneOf;
            }
        }
    }
}
