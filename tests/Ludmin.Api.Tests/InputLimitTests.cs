using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ludmin.Api.Tests;

/// <summary>
/// Limits on input: bodies are read up to 16 KiB and refused with 413 beyond, with or without
/// Content-Length; the JSON parser stops at depth 8; each bounded field is taken at its bound
/// and refused just past it with 400 naming the field, and nothing is changed.
/// </summary>
public sealed class InputLimitTests : ApiTestBase
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxJsonDepth = 8;

    [TestCase(false)]
    [TestCase(true)]
    public async Task Body_WhenExactly16KiB_IsRead(bool chunked)
    {
        using var response = await Api.SendContentAsync(HttpMethod.Post, "/tokens/public", null, PaddedBody(MaxBodyBytes, chunked));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Body_WhenOneByteOver16KiB_Returns413PayloadTooLarge(bool chunked)
    {
        using var response = await Api.SendContentAsync(HttpMethod.Post, "/tokens/public", null, PaddedBody(MaxBodyBytes + 1, chunked));

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.That((string?)problem["detail"], Is.EqualTo($"Request bodies are limited to {MaxBodyBytes} bytes."), "one detail, with a length or chunked");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Body_WhenOver16KiBOnAnEndpointThatWrites_Returns413AndChangesNothing(bool chunked)
    {
        var token = await Api.PublicTokenAsync();
        var body = JsonSerializer.Serialize(new { full_name = "Big", email = Unique.Email("big"), password = LudminApi.Password, password_confirmation = LudminApi.Password });
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendContentAsync(HttpMethod.Post, "/users", token.Token, Padded(body, MaxBodyBytes + 1, chunked));

        await Expect.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase(MaxJsonDepth, false)]
    [TestCase(MaxJsonDepth + 1, true)]
    [TestCase(64, true)]
    public void JsonParser_WhenNestingIsDeep_RefusesBeyondDepthEight(int depth, bool refused)
    {
        // Every Ludmin request is one flat object, so a deep body is refused as a wrong type anyway;
        // this is the parser bodies are read with, checked for the limit that keeps it from walking deep input.
        var json = Factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Mvc.JsonOptions>>().Value.JsonSerializerOptions;
        var nested = new string('[', depth) + new string(']', depth);

        var parse = () => JsonSerializer.Deserialize<JsonElement>(nested, json);

        if (refused)
        {
            Assert.That(parse, Throws.InstanceOf<JsonException>().With.Message.Contains("depth"));
        }
        else
        {
            Assert.That(parse, Throws.Nothing);
        }
    }

    [TestCase(MaxJsonDepth + 1)]
    [TestCase(1000)]
    public async Task Body_WhenAFieldNestsDeeperThanAllowed_Returns400NamingTheFieldAndChangesNothing(int depth)
    {
        var token = await Api.PublicTokenAsync();
        var before = await Api.StoreSnapshotAsync();
        var body = $"{{\"email\":{new string('[', depth - 1)}{new string(']', depth - 1)}}}";

        using var response = await Api.SendContentAsync(HttpMethod.Post, "/users/reset", token.Token, Json(body));

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain("email"), problem.ToJsonString());
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [TestCaseSource(typeof(FieldLimit), nameof(FieldLimit.All))]
    public async Task Field_WhenAtItsBound_IsNotRefusedForIt(FieldLimit limit)
    {
        var session = await Api.NewSessionAsync("bounds");

        using var response = await SendAsync(limit, session, limit.AtBound());

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(limit.AtBoundStatus), body);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await Expect.AnyProblemAsync(response);
            Assert.That(problem["errors"]?.AsObject().Select(e => e.Key) ?? [], Does.Not.Contain(limit.Field), body);
        }
    }

    [TestCaseSource(typeof(FieldLimit), nameof(FieldLimit.All))]
    public async Task Field_WhenJustPastItsBound_Returns400NamingTheFieldAndChangesNothing(FieldLimit limit)
    {
        var session = await Api.NewSessionAsync("bounds");
        var before = await Api.StoreSnapshotAsync();

        using var response = await SendAsync(limit, session, limit.OverBound());

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain(limit.Field), problem.ToJsonString());
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public void LongEmail_WhenAskedForALength_IsExactlyThatLong() =>
        Assert.That(new[] { FieldLimit.LongEmail(254).Length, FieldLimit.LongEmail(255).Length }, Is.EqualTo(new[] { 254, 255 }));

    private async Task<HttpResponseMessage> SendAsync(FieldLimit limit, UserSession session, string value)
    {
        var token = limit.UserToken ? session.Token : (await Api.PublicTokenAsync()).Token;
        return await Api.SendContentAsync(limit.Method, limit.Path, token, Json(limit.Body(session, value).ToJsonString()));
    }

    /// <summary>A public-token request of exactly <paramref name="bytes"/> bytes: valid JSON padded with spaces.</summary>
    private static HttpContent PaddedBody(int bytes, bool chunked) =>
        Padded(JsonSerializer.Serialize(new { device_id = Unique.Hex32() }), bytes, chunked);

    private static HttpContent Padded(string json, int bytes, bool chunked)
    {
        var padded = Encoding.UTF8.GetBytes(json[..^1] + new string(' ', bytes - Encoding.UTF8.GetByteCount(json)) + "}");
        Assert.That(padded, Has.Length.EqualTo(bytes));
        if (chunked)
        {
            return new UnknownLengthContent(padded, "application/json");
        }

        var content = new ByteArrayContent(padded);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ByteArrayContent Json(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
