using System.Reflection;
using Microsoft.OpenApi;

namespace Ludmin.Api.OpenApi;

internal static class SwaggerSetup
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddLudminSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Ludmin",
                Version = "v1",
                Description = "Users API: device-bound JWT authentication, registration, profiles, email and password changes, password reset by code.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /tokens/public or POST /tokens. Paste the token alone; Swagger UI adds 'Bearer '.",
            });
            options.OperationFilter<AuthorizeOperationFilter>();
            options.OperationFilter<ProblemResponsesOperationFilter>();
            options.OperationFilter<OneOfResponsesOperationFilter>();
            options.SchemaFilter<SeedExamplesSchemaFilter>();
            options.CustomOperationIds(api => api.ActionDescriptor.RouteValues["action"]);
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml"));
            var applicationXml = Path.Combine(AppContext.BaseDirectory, "Ludmin.Application.xml");
            if (File.Exists(applicationXml))
            {
                options.IncludeXmlComments(applicationXml);
            }
        });
        return services;
    }
}
