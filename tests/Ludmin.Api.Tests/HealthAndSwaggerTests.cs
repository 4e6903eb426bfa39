using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>What needs no token: health, the OpenAPI document, Swagger UI; and the answers for routes that do not exist.</summary>
public sealed class HealthAndSwaggerTests : ApiTestBase
{
    [Test]
    public async Task Live_WhenTheServerRuns_Returns200()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/health/live");

        var health = await Expect.JsonAsync(response, HttpStatusCode.OK);
        Assert.That((string?)health["status"], Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_WhenTheStoreAnswers_Returns200WithTheStoreCheck()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/health/ready");

        var health = await Expect.JsonAsync(response, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)health["status"], Is.EqualTo("Healthy"));
            Assert.That((string?)health["checks"]?["store"]?["status"], Is.EqualTo("Healthy"));
        }
    }

    [Test]
    public async Task OpenApiDocument_WhenRequested_DescribesEveryEndpointAndTheBearerScheme()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/swagger/v1/swagger.json");

        var document = await Expect.JsonAsync(response, HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)document["openapi"], Does.StartWith("3."));
            Assert.That(DocumentedOperations(paths), Is.EquivalentTo(ControllerActions()), "every action, and nothing else");
            Assert.That(document["components"]?["securitySchemes"]?["Bearer"]?["scheme"]?.GetValue<string>(), Is.EqualTo("bearer"));
            Assert.That(paths["/users/{id}"]?["get"]?["security"], Is.Not.Null, "Swagger UI sends the token only where security is declared");
            Assert.That(paths["/tokens/public"]?["post"]?["security"], Is.InstanceOf<System.Text.Json.Nodes.JsonArray>().And.Empty, "security: [] says no token is needed, on purpose");
        }
    }

    [Test]
    public async Task SwaggerUi_WhenRequested_ServesThePage()
    {
        using var redirect = await Api.SendAsync(HttpMethod.Get, "/swagger");
        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
        Assert.That(redirect.Headers.Location?.OriginalString, Does.EndWith("swagger/index.html"));

        using var page = await Api.SendAsync(HttpMethod.Get, "/swagger/index.html");

        var html = await page.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("swagger-ui").And.Contain("Ludmin API"));
        }
    }

    [Test]
    public async Task UnknownRoute_WhenRequested_Returns404NotFoundProblem()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/no/such/thing");

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>Every problem is written by <c>Problems.WriteAsync</c>: the framework's second writer is not registered.</summary>
    [Test]
    public void ProblemWriters_WhenTheServicesAreRead_HoldNoFrameworkProblemDetailsService() =>
        Assert.That(Factory.Services.GetService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), Is.Null);

    [TestCase("PATCH", "/users/me")]
    [TestCase("DELETE", "/users")]
    [TestCase("PUT", "/tokens/public")]
    public async Task KnownRoute_WhenMethodIsNotAllowed_Returns405Problem(string method, string path)
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(new HttpMethod(method), path, session.Token, new { full_name = "x" });

        await Expect.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Test]
    public async Task AnyAnswer_WhenItCarriesAToken_IsNotCacheable()
    {
        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens/public", json: new { });

        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    /// <summary>Every controller action the running API routes, as <c>METHOD /path</c>: the list is the code's, not kept here.</summary>
    private IEnumerable<string> ControllerActions() =>
        Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m.ToLowerInvariant()} /{e.RoutePattern.RawText}"));

    private static IEnumerable<string> DocumentedOperations(JsonObject paths) =>
        paths.SelectMany(path => Methods(paths, path.Key).Select(m => $"{m} {path.Key}"));

    private static IEnumerable<string> Methods(JsonObject paths, string path) =>
        paths[path]?.AsObject().Select(m => m.Key).Where(k => k != "parameters") ?? [];
}
