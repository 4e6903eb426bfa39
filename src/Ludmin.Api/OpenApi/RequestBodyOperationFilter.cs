using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ludmin.Api.OpenApi;

/// <summary>
/// A body the action cannot do without is <c>required: true</c> (Swashbuckle leaves it out, so
/// generated clients made every body optional). Only a body the action accepts empty
/// (<see cref="EmptyBodyBehavior.Allow"/>: <c>POST /tokens/public</c>, <c>DELETE /users/{id}</c>) stays optional.
/// </summary>
internal sealed class RequestBodyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody is not OpenApiRequestBody body)
        {
            return;
        }

        var fromBody = context.MethodInfo.GetParameters()
            .SelectMany(p => p.GetCustomAttributes(typeof(FromBodyAttribute), inherit: true).Cast<FromBodyAttribute>())
            .FirstOrDefault();
        var mayBeEmpty = fromBody?.EmptyBodyBehavior == EmptyBodyBehavior.Allow;
        body.Required = !mayBeEmpty;
        if (mayBeEmpty)
        {
            body.Description = context.ApiDescription.HttpMethod == HttpMethods.Delete
                ? "May be left out when a master deletes another user; deleting your own account needs `current_password`."
                : "May be left out (or sent as `{}`): the device then gets a generated id.";
        }
    }
}
