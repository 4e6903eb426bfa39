using Ludmin.Application.Users.ListUsers;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ludmin.Api.OpenApi;

/// <summary>
/// What each path and query parameter accepts, as the validators enforce it: the <c>me</c> form
/// of a user id, the bounds of a page, the shape of a device id.
/// </summary>
internal sealed class ParametersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            var schema = parameter.Schema as OpenApiSchema;
            switch (parameter.In, parameter.Name)
            {
                case (ParameterLocation.Path, "id"):
                    parameter.Description = "A user's id (32 hex digits), or `me` for the caller. An id that names nobody, malformed ones included, is answered 404 `user_not_found`.";
                    break;
                case (ParameterLocation.Path, "device_id"):
                    parameter.Description = "A device id (32 hex digits).";
                    break;
                case (ParameterLocation.Query, "page") when schema is not null:
                    parameter.Description = "The page to return, from 1.";
                    schema.Minimum = "1";
                    schema.Maximum = ListUsersQuery.MaxPage.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case (ParameterLocation.Query, "page_size") when schema is not null:
                    parameter.Description = "Users per page.";
                    schema.Minimum = "1";
                    schema.Maximum = ListUsersQuery.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    break;
            }
        }
    }
}
