using Ludmin.Api.ErrorHandling;
using Ludmin.Api.Health;
using Ludmin.Api.Http;
using Ludmin.Api.Startup;
using Ludmin.Api.Telemetry;
using Ludmin.Api.WellKnown;

namespace Ludmin.Api.Hosting;

internal static class ApiPipeline
{
    public static WebApplication UseLudminApi(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // ProblemExceptionHandler answers every exception; the middleware insists on an answer of
        // its own for one no handler took, and without the framework's problem writer this is it.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => Problems.WriteAsync(context, ApiErrors.Internal) });
        app.UseMiddleware<ResponseHeadersMiddleware>();
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            return Problems.WriteAsync(http, ProblemExceptionHandler.ErrorForStatus(http.Response.StatusCode));
        });
        app.UseMiddleware<RequestBodyLimitMiddleware>(ApiServices.MaxRequestBodyBytes, ApiServices.ImportPath, ApiServices.MaxImportBodyBytes);

        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "Ludmin v1");
            options.DocumentTitle = "Ludmin API";
            options.EnablePersistAuthorization();
        });

        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        app.MapLudminHealth();
        app.MapLudminWellKnown();
        app.MapLudminMetrics();
        if (app.Environment.IsDevelopment())
        {
            // A browser pointed at the bare address lands on the documentation.
            app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription().AllowAnonymous();
        }

        app.LogWhereToFindUs();
        return app;
    }
}
