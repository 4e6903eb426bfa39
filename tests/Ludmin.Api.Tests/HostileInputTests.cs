using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Every endpoint that takes a body or an id, fed what an attacker or a broken client sends:
/// each gets a 4xx problem with a code (never a 500) and the store is left exactly as it was.
/// </summary>
public sealed class HostileInputTests : ApiTestBase
{
    private const string ValidPassword = "valid password 123";
    private const string Json = "application/json";

    private static readonly Outcome Invalid = new(HttpStatusCode.BadRequest, "validation_failed");
    private static readonly Outcome Malformed = new(HttpStatusCode.BadRequest, "malformed_request");
    private static readonly Outcome TooLarge = new(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    private static readonly Outcome WrongMediaType = new(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    private static readonly Outcome Served = new(HttpStatusCode.OK, null);

    private UserSession _session = null!;
    private TokenInfo _public = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        _session = await Api.NewSessionAsync("hostile");
        _public = await Api.PublicTokenAsync();
    }

    [TestCaseSource(nameof(BodyCases))]
    [TestCaseSource(nameof(PathCases))]
    public async Task Send_WhenInputIsHostile_AnswersWithoutServerErrorAndChangesNothing(HostileRequest request)
    {
        var path = request.Path.Replace("{device}", _session.DeviceId, StringComparison.Ordinal);

        // A refused login counts a failure against the address it named, by design: only then may login_throttles change.
        string[] mayChange = request.Code == "invalid_credentials" ? ["login_throttles"] : [];
        var before = await Api.StoreSnapshotExceptAsync(mayChange);

        using var response = await Api.SendContentAsync(request.Method, path, TokenFor(request.Caller), request.Content());

        var after = await Api.StoreSnapshotExceptAsync(mayChange);
        if (request.Code is null)
        {
            await Expect.JsonAsync(response, request.Status);
        }
        else
        {
            var problem = await Expect.ProblemAsync(response, request.Status, request.Code);
            if (request.ErrorField is not null)
            {
                Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain(request.ErrorField), problem.ToJsonString());
            }
        }

        Assert.That(after, Is.EqualTo(before), "the request changed the store");
    }

    private string? TokenFor(CallerKind caller) => caller switch
    {
        CallerKind.Public => _public.Token,
        CallerKind.User => _session.Token,
        _ => null,
    };

    private static IEnumerable<HostileRequest> BodyCases()
    {
        foreach (var endpoint in Endpoints())
        {
            foreach (var request in CasesFor(endpoint))
            {
                yield return request;
            }
        }
    }

    private static IEnumerable<Endpoint> Endpoints()
    {
        yield return new Endpoint(
            HttpMethod.Post, "/tokens/public", CallerKind.None,
            () => new JsonObject { ["device_id"] = Unique.Hex32() },
            Served,
            [new Field("device_id", Missing: Served, Empty: Served, Control: Served)]);
        yield return new Endpoint(
            HttpMethod.Post, "/tokens", CallerKind.Public,
            () => new JsonObject { ["email"] = Unique.Email("nobody"), ["password"] = "wrong password 1", ["description"] = "Hostile" },
            new Outcome(HttpStatusCode.Unauthorized, "invalid_credentials"),
            [
                new Field("email"),
                new Field("password", Control: Template),
                new Field("description", Missing: Template, Empty: Template),
            ]);
        yield return new Endpoint(
            HttpMethod.Post, "/users", CallerKind.Public,
            () => new JsonObject
            {
                ["full_name"] = "Hostile Name",
                ["email"] = Unique.Email("hostile-register"),
                ["password"] = ValidPassword,
                ["password_confirmation"] = ValidPassword,
            },
            new Outcome(HttpStatusCode.Created, null),
            [new Field("full_name"), new Field("email"), new Field("password"), new Field("password_confirmation")],
            TemplateIsSent: false);
        yield return new Endpoint(
            HttpMethod.Put, "/users/me", CallerKind.User,
            () => new JsonObject
            {
                ["full_name"] = "Changed Name",
                ["email"] = Unique.Email("hostile-update"),
                ["password"] = "new password 123",
                ["password_confirmation"] = "new password 123",
                ["current_password"] = "not the current password",
            },
            new Outcome(HttpStatusCode.BadRequest, "current_password_invalid"),
            [
                new Field("full_name", Missing: Template, Null: Template),
                new Field("email", Missing: Template, Null: Template),
                new Field("password", Missing: Template, Null: Template),
                new Field("password_confirmation"),
                new Field("current_password", Control: Template),
            ]);
        yield return new Endpoint(
            HttpMethod.Post, "/users/reset", CallerKind.Public,
            () => new JsonObject { ["email"] = Unique.Email("nobody") },
            new Outcome(HttpStatusCode.Accepted, null),
            [new Field("email")],
            TemplateIsSent: false);
        yield return new Endpoint(
            HttpMethod.Put, "/users/reset", CallerKind.Public,
            () => new JsonObject
            {
                ["email"] = Unique.Email("nobody"),
                ["code"] = "123456",
                ["password"] = ValidPassword,
                ["password_confirmation"] = ValidPassword,
            },
            new Outcome(HttpStatusCode.BadRequest, "reset_code_invalid"),
            [new Field("email"), new Field("code", Control: Template), new Field("password"), new Field("password_confirmation")]);
    }

    /// <summary>Marks a field case whose answer is the template's own (the field is optional or not checked for that).</summary>
    private static readonly Outcome Template = new(0, "template");

    private static IEnumerable<HostileRequest> CasesFor(Endpoint endpoint)
    {
        var first = endpoint.Fields[0].Name;
        var empty = endpoint.Fields.All(f => f.Missing is not null) ? endpoint.Fields[0].Missing! : Invalid;
        if (endpoint.TemplateIsSent)
        {
            yield return endpoint.Request("the valid template", Body(endpoint.Template().ToJsonString()), endpoint.TemplateOutcome);
        }

        yield return endpoint.Request("malformed JSON", Body($$"""{"{{first}}": "a@example.com", """), Malformed);
        yield return endpoint.Request("not JSON at all", Body("hello there"), Malformed);
        yield return endpoint.Request("an empty body", Body(""), endpoint.Path == "/tokens/public" ? Served : Malformed);
        yield return endpoint.Request("JSON null", Body("null"), endpoint.Path == "/tokens/public" ? Served : Malformed);
        yield return endpoint.Request("a JSON array", Body("[]"), Malformed);
        yield return endpoint.Request("an array holding the object", Body($"[{endpoint.Template().ToJsonString()}]"), Malformed);
        yield return endpoint.Request("a JSON string", Body("\"email\""), Malformed);
        yield return endpoint.Request("a JSON number", Body("42"), Malformed);
        yield return endpoint.Request("JSON true", Body("true"), Malformed);
        yield return endpoint.Request("an empty object", Body("{}"), empty == Template ? endpoint.TemplateOutcome : empty);
        yield return endpoint.Request("an operator object", Body("""{"$ne": null}"""), Invalid);
        yield return endpoint.Request("an unknown field is_master", Body(With(endpoint.Template(), "is_master", true)), Invalid);
        yield return endpoint.Request("an unknown field $where", Body(With(endpoint.Template(), "$where", "1 == 1")), Invalid);
        yield return endpoint.Request("a duplicated field", Body(Duplicated(endpoint.Template())), Invalid);
        yield return endpoint.Request("deep nesting", Body($"{{\"{first}\":" + new string('[', 64) + new string(']', 64) + "}"), Invalid);
        yield return endpoint.Request("invalid UTF-8", () => Bytes([.. Encoding.UTF8.GetBytes($"{{\"{first}\":\""), 0xff, 0xfe, 0xc3, .. "\"}"u8], Json), Invalid);
        yield return endpoint.Request("10 MB with a Content-Length", () => Bytes(Huge(endpoint.Template()), Json), TooLarge);
        yield return endpoint.Request("10 MB chunked", () => new UnknownLengthContent(HugeField(endpoint.Template(), first), Json), TooLarge);
        yield return endpoint.Request("text/plain", Body(endpoint.Template().ToJsonString(), "text/plain"), WrongMediaType);
        yield return endpoint.Request("a form", () => new FormUrlEncodedContent([new("email", "a@example.com")]), WrongMediaType);
        yield return endpoint.Request("application/xml", Body("<email>a@example.com</email>", "application/xml"), WrongMediaType);
        yield return endpoint.Request("no Content-Type", () => Bytes(Encoding.UTF8.GetBytes(endpoint.Template().ToJsonString()), null), WrongMediaType);

        foreach (var field in endpoint.Fields)
        {
            var name = field.Name;
            yield return endpoint.FieldRequest(name, $"{name} missing", Body(Without(endpoint.Template(), name)), endpoint.Resolve(field.Missing ?? Invalid));
            yield return endpoint.FieldRequest(name, $"{name} null", Body(With(endpoint.Template(), name, (JsonNode?)null)), endpoint.Resolve(field.Null ?? field.Missing ?? Invalid));
            yield return endpoint.FieldRequest(name, $"{name} empty", Body(With(endpoint.Template(), name, "")), endpoint.Resolve(field.Empty ?? Invalid));
            yield return endpoint.FieldRequest(name, $"{name} a number", Body(With(endpoint.Template(), name, 12345)), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} a huge number", Body(WithRaw(endpoint.Template(), name, "1e999")), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} a bool", Body(With(endpoint.Template(), name, true)), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} an array", Body(With(endpoint.Template(), name, new JsonArray("a@example.com"))), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} an object", Body(With(endpoint.Template(), name, new JsonObject { ["value"] = "x" })), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} {{\"$ne\": null}}", Body(With(endpoint.Template(), name, new JsonObject { ["$ne"] = null })), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} {{\"$gt\": \"\"}}", Body(With(endpoint.Template(), name, new JsonObject { ["$gt"] = "" })), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} 100 kB", Body(With(endpoint.Template(), name, new string('a', 100 * 1024))), TooLarge);
            yield return endpoint.FieldRequest(name, $"{name} 5000 characters", Body(With(endpoint.Template(), name, Long(name, 5000))), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} with control characters", Body(With(endpoint.Template(), name, WithControls(endpoint.Template()[name]))), endpoint.Resolve(field.Control ?? Invalid));
        }
    }

    private static IEnumerable<HostileRequest> PathCases()
    {
        string[] malformed = ["abc", "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0", "zz23456789abcdef0123456789abcdef", "%01", "%0A", "%7F", "%20", "..%2F..%2Fetc", "me%01", "%E2%80%AEme", new string('f', 10_000)];
        var unknown = Unique.Hex32();
        foreach (var id in malformed.Append(unknown))
        {
            var kind = id == unknown ? "an unknown id" : $"the malformed id {(id.Length > 40 ? id[..20] + "…" : id)}";
            yield return new HostileRequest($"GET with {kind}", HttpMethod.Get, $"/users/{id}", CallerKind.User, () => null, HttpStatusCode.NotFound, "user_not_found");
            yield return new HostileRequest(
                $"PUT with {kind}", HttpMethod.Put, $"/users/{id}", CallerKind.User,
                Body("""{"full_name":"Renamed"}"""),
                id == unknown ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound,
                id == unknown ? "forbidden" : "user_not_found");
            yield return new HostileRequest($"refresh with {kind}", HttpMethod.Get, $"/tokens/{id}", CallerKind.User, () => null, HttpStatusCode.Forbidden, "device_mismatch");
            yield return new HostileRequest($"logout with {kind}", HttpMethod.Delete, $"/tokens/{id}", CallerKind.User, () => null, HttpStatusCode.NotFound, "device_not_found");
        }
    }

    private static Func<HttpContent?> Body(string text, string mediaType = Json) =>
        () => Bytes(Encoding.UTF8.GetBytes(text), mediaType);

    private static ByteArrayContent Bytes(byte[] bytes, string? mediaType)
    {
        var content = new ByteArrayContent(bytes);
        if (mediaType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        }

        return content;
    }

    private static string With(JsonObject body, string name, JsonNode? value)
    {
        body[name] = value;
        return body.ToJsonString();
    }

    private static string With(JsonObject body, string name, string value) => With(body, name, JsonValue.Create(value));

    private static string With(JsonObject body, string name, bool value) => With(body, name, JsonValue.Create(value));

    private static string With(JsonObject body, string name, int value) => With(body, name, JsonValue.Create(value));

    private static string WithRaw(JsonObject body, string name, string rawValue)
    {
        body[name] = "__raw__";
        return body.ToJsonString().Replace("\"__raw__\"", rawValue, StringComparison.Ordinal);
    }

    private static string Without(JsonObject body, string name)
    {
        body.Remove(name);
        return body.ToJsonString();
    }

    private static string Duplicated(JsonObject body)
    {
        var first = body.First();
        var json = body.ToJsonString();
        return "{" + $"\"{first.Key}\":{first.Value?.ToJsonString() ?? "null"}," + json[1..];
    }

    private static byte[] Huge(JsonObject body)
    {
        body["padding"] = new string('x', 10 * 1024 * 1024);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>10 MB inside a known field, so the server must read on until the limit stops it.</summary>
    private static byte[] HugeField(JsonObject body, string field)
    {
        body[field] = new string('x', 10 * 1024 * 1024);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private static string Long(string field, int length) =>
        field.Contains("email", StringComparison.Ordinal) ? new string('a', length) + "@example.com" : new string('7', length);

    private static string WithControls(JsonNode? value) => ((string?)value ?? "value").Insert(1, "\u0000\u0007\u001b\u202e");

    private sealed record Outcome(HttpStatusCode Status, string? Code);

    private sealed record Field(string Name, Outcome? Missing = null, Outcome? Null = null, Outcome? Empty = null, Outcome? Control = null);

    private sealed record Endpoint(
        HttpMethod Method,
        string Path,
        CallerKind Caller,
        Func<JsonObject> Template,
        Outcome TemplateOutcome,
        Field[] Fields,
        bool TemplateIsSent = true)
    {
        public Outcome Resolve(Outcome outcome) => outcome == HostileInputTests.Template ? TemplateOutcome : outcome;

        public HostileRequest Request(string name, Func<HttpContent?> content, Outcome outcome)
        {
            var resolved = Resolve(outcome);
            return new HostileRequest(name, Method, Path, Caller, content, resolved.Status, resolved.Code);
        }

        /// <summary>A case about one field: when it is refused as invalid, the problem must name that field.</summary>
        public HostileRequest FieldRequest(string field, string name, Func<HttpContent?> content, Outcome outcome)
        {
            var resolved = Resolve(outcome);
            return new HostileRequest(name, Method, Path, Caller, content, resolved.Status, resolved.Code, resolved == Invalid ? field : null);
        }
    }
}
