using System.Text.Json;
using System.Text.Json.Serialization;
using Ludmin.Api.Authentication;
using Ludmin.Api.CrossOrigin;
using Ludmin.Api.ErrorHandling;
using Ludmin.Api.OpenApi;
using Ludmin.Api.Proxy;
using Ludmin.Api.RateLimits;
using Ludmin.Api.Shutdown;
using Ludmin.Api.Telemetry;
using Ludmin.Api.WellKnown;
using Ludmin.Application;
using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;

namespace Ludmin.Api.Hosting;

internal static class ApiServices
{
    /// <summary>Bodies larger than this are refused with 413: no Ludmin request needs more.</summary>
    public const long MaxRequestBodyBytes = 16 * 1024;

    /// <summary>
    /// The one exception to <see cref="MaxRequestBodyBytes"/>: <c>POST /users/import</c> carries up to
    /// 1,000 users, each with a hash of up to 1,024 characters, a name and an address (escaped JSON
    /// at worst about 3 KiB a user).
    /// </summary>
    public const long MaxImportBodyBytes = 4 * 1024 * 1024;

    /// <summary>The path of the one endpoint that takes <see cref="MaxImportBodyBytes"/>.</summary>
    public const string ImportPath = "/users/import";

    /// <summary>Deeper JSON than this is refused: no Ludmin request nests at all.</summary>
    public const int MaxJsonDepth = 8;

    public static IServiceCollection AddLudminApi(this IServiceCollection services)
    {
        services.AddApplication();
        services.AddInfrastructure();

        // What the Api's features need of the adapters, handed over here and nowhere else (the
        // token validation rules are a service of the Infrastructure's own: docs/architecture.md).
        services.AddSingleton<ITokenPublication, TokenPublication>();
        services.AddSingleton<IRateLimitRefusals, RateLimitRefusals>();

        services.AddLudminAuthentication();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // Requiredness is the validators' to judge (by wire name, whoever sends the command), not
        // MVC's: non-nullable request fields only tell the OpenAPI document what is required.
        services.AddControllers(options =>
            {
                options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                KeepInputOutOfMessages(options.ModelBindingMessageProvider);
            })
            .AddJsonOptions(options => ConfigureJson(options.JsonSerializerOptions, options));
        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions, null));
        services.Configure<ApiBehaviorOptions>(options =>
        {
            options.InvalidModelStateResponseFactory = ModelStateProblems.Create;

            // Empty 4xx results (415, 404...) get their body from the status-code pages, in the one shape.
            options.SuppressMapClientErrors = true;
        });
        services.AddLudminSwagger();
        services.AddLudminRateLimiting();
        services.AddLudminCors();
        services.AddLudminForwardedHeaders();
        services.AddLudminShutdown();
        services.AddLudminTelemetry(LudminMetrics.MeterName, InfrastructureTelemetry.SourceName);
        return services;
    }

    /// <summary>
    /// The binder's stock messages quote the value sent ("The value '…' is not valid."), which put
    /// whatever a client wrote in a query string back into the answer; ours name no value.
    /// </summary>
    private static void KeepInputOutOfMessages(Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((_, field) => $"The value is not valid for {field}.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "The value is not valid.");
        messages.SetValueIsInvalidAccessor(_ => "The value is not valid.");
        messages.SetValueMustNotBeNullAccessor(_ => "The value must not be null.");
    }

    private static void ConfigureJson(JsonSerializerOptions json, Microsoft.AspNetCore.Mvc.JsonOptions? mvc)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = null;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.AllowDuplicateProperties = false;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.MaxDepth = MaxJsonDepth;
        json.PropertyNameCaseInsensitive = false;
        if (mvc is not null)
        {
            // Parser messages name our types and echo input; the problem says which field, not how we parse.
            mvc.AllowInputFormatterExceptionMessages = false;
        }
    }
}
