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

        Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/anything"));
    }

    [Test]
    public async Task Send_WhenTheAnswerIsClean_PassesItOn()
    {
        using var client = ClientAnswering(HttpStatusCode.OK, """{"id":"0123","full_name":"Ann"}""");

        using var response = await client.GetAsync("/anything");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"id":"0123","full_name":"Ann"}"""));
    }

    private static HttpClient ClientAnswering(HttpStatusCode status, string body) =>
        new(new ResponseGuard { InnerHandler = new CannedHandler(status, body) }) { BaseAddress = new Uri("http://localhost") };

    private sealed class CannedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
