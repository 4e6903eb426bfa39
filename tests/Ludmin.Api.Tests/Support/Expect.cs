using System.Net;
using System.Text.Json.Nodes;

namespace Ludmin.Api.Tests.Support;

/// <summary>Assertions on answers that show the body when they fail.</summary>
public static class Expect
{
    public const string ProblemContentType = "application/problem+json";

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), body);
        return JsonNode.Parse(body) ?? throw new AssertionException("The body is JSON null.");
    }

    public static async Task EmptyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(body, Is.Empty);
    }

    /// <summary>An RFC 9457 problem with the given status and stable code; returns the problem.</summary>
    public static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await ProblemShapeAsync(response);
        var body = problem.ToJsonString();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That((string?)problem["code"], Is.EqualTo(code), body);
        return problem;
    }

    /// <summary>Any 4xx problem+json with the RFC 9457 members and a code.</summary>
    public static async Task<JsonNode> AnyProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), $"{(int)response.StatusCode}: {body}");
        return await ProblemShapeAsync(response);
    }

    /// <summary>A problem+json body with the RFC 9457 members and a code, whatever the status.</summary>
    private static async Task<JsonNode> ProblemShapeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(ProblemContentType), body);
        var problem = JsonNode.Parse(body) ?? throw new AssertionException("The problem body is JSON null.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((int?)problem["status"], Is.EqualTo((int)response.StatusCode), body);
            Assert.That((string?)problem["code"], Is.Not.Null.And.Not.Empty, body);
            Assert.That((string?)problem["type"], Is.EqualTo($"urn:ludmin:error:{(string?)problem["code"]}"), body);
            Assert.That((string?)problem["title"], Is.Not.Null.And.Not.Empty, body);
            Assert.That((string?)problem["detail"], Is.Not.Null.And.Not.Empty, body);
        }

        return problem;
    }
}
