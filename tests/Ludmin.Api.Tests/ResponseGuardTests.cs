using System.Net;
using System.Text;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The guard every test's client sends through: it is what proves "no 500, no hash, no stack
/// trace in any response" across the whole suite, so it must itself catch them.
/// </summary>
public sealed class ResponseGuardTests
{
    [TestCase(HttpStatusCode.InternalServerError, """{"code":"internal_error"}""")]
    [TestCase(HttpStatusCode.OK, """{"password_hash":"x"}""")]
    [TestCase(HttpStatusCode.OK, """{"h":"$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"}""")]
    [TestCase(HttpStatusCode.OK, """{"password_history":[]}""")]
    [TestCase(HttpStatusCode.BadRequest, """{"detail":"System.InvalidOperationException: boom\n   at Ludmin.Api.Foo()"}""")]
    [TestCase(HttpStatusCode.Conflict, """{"detail":"SQLite Error 19: UNIQUE constraint failed"}""")]
    public void Send_WhenTheAnswerLeaksOrFails_Throws(HttpStatusCode status, string body)
    {
        using var client = ClientAnswering(status, body);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/users/0123"));

        Assert.That(error!.Message, Does.Contain("answered 500").Or.Contain("leaked"), "caught for the leak or the failure, before the document is consulted");
    }

    [Test]
    public async Task Send_WhenTheAnswerIsClean_PassesItOn()
    {
        using var client = ClientAnswering(HttpStatusCode.OK, """{"id":"0123","full_name":"Ann"}""");

        using var response = await client.GetAsync("/users/0123");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"id":"0123","full_name":"Ann"}"""));
    }

    // The document is the contract: what it does not describe fails the test that met it, and
    // the message names the operation, the status and the path for whoever has to document it.
    [TestCase("GET", "/users/me", HttpStatusCode.OK, """{"id":"0123","full_name":"Ann","nickname":"A"}""", "application/json", "GET /users/{id} (GetUser) answered 200 for /users/me")]
    [TestCase("GET", "/users/me", HttpStatusCode.OK, """{"id":"0123"}""", "application/json", "does not match the documented schema")]
    [TestCase("GET", "/users/me", HttpStatusCode.Conflict, """{"code":"x"}""", "application/problem+json", "declares no 409")]
    [TestCase("GET", "/users/me", HttpStatusCode.OK, """{"id":"0123","full_name":"Ann"}""", "text/plain", "Content-Type text/plain")]
    [TestCase("POST", "/tokens/public", HttpStatusCode.OK, """{"token":"t","device_id":"d","type":"secret","expires_at":"2026-01-01T00:00:00+00:00"}""", "application/json", "POST /tokens/public (IssuePublicToken) answered 200")]
    [TestCase("DELETE", "/tokens/0123", HttpStatusCode.NoContent, """{"ok":true}""", "application/json", "declares no body")]
    [TestCase("GET", "/users/me/devices", HttpStatusCode.OK, """{}""", "application/json", "no path of docs/openapi.json matches")]
    [TestCase("PATCH", "/users/me", HttpStatusCode.OK, """{}""", "application/json", "PATCH /users/{id} is not in docs/openapi.json")]
    public void Send_WhenTheDocumentDoesNotDescribeTheAnswer_ThrowsNamingTheOperation(string method, string path, HttpStatusCode status, string body, string mediaType, string message)
    {
        using var client = ClientAnswering(status, body, mediaType);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));

        Assert.That(error!.Message, Does.StartWith("OpenAPI: ").And.Contain(message));
    }

    private static HttpClient ClientAnswering(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(new ResponseGuard { InnerHandler = new CannedHandler(status, body, mediaType) }) { BaseAddress = new Uri("http://localhost") };

    private sealed class CannedHandler(HttpStatusCode status, string body, string mediaType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
    }
}
