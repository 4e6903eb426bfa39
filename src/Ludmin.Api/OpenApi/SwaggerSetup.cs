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
                // The project has chosen no licence yet: the document says so (all rights reserved,
                // and a page explaining what that means) rather than invent one.
                License = new OpenApiLicense { Name = "No licence granted (all rights reserved)", Url = new Uri("https://choosealicense.com/no-permission/") },
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                // The seed description: the founding description Ludmin grows from, docs/seed.md.
                Description = "A token from `POST /tokens/public` (a public token) or `POST /tokens` (a user token), sent in either header form: "
                    + "`Authorization: Bearer <token>`, or the bare `Authorization: <token>` of the seed description. "
                    + "In Swagger UI, paste the token alone: it adds `Bearer `.",
            });
            options.OperationFilter<AuthorizeOperationFilter>();
            options.OperationFilter<ProblemResponsesOperationFilter>();
            options.OperationFilter<OneOfResponsesOperationFilter>();
            options.OperationFilter<RequestBodyOperationFilter>();
            options.OperationFilter<ParametersOperationFilter>();
            options.DocumentFilter<DocumentInfoFilter>();
            options.SchemaFilter<SeedExamplesSchemaFilter>();
            options.SchemaFilter<TokenTypeSchemaFilter>();
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
