using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Every endpoint that takes a body, an id or paging, fed what an attacker or a broken client
/// sends: wrong types, absurd lengths, other encodings (UTF-16, UTF-32, Latin-1, byte order marks,
/// invalid UTF-8), control characters and lone surrogates, operator-looking objects, duplicate
/// keys, JSON that is not quite JSON, wrong media types, huge numbers, no token and tokens that are
/// not ours. Each gets a 4xx problem with a code (never a 500) that echoes nothing it was sent,
/// and the store, every table of it, is left exactly as it was.
/// </summary>
public sealed class HostileInputTests : MasterApiTestBase
{
    // One session sends every hostile body, wrong current_passwords among them: the account's count
    // of those (CurrentPasswordThrottleTests) would answer 429 part-way; here only the shapes matter.
    protected override LudminFactoryOptions FactoryOptions => new()
    {
        MasterEmail = MasterEmail,
        MasterPassword = MasterPassword,
        Settings = new Dictionary<string, string?> { ["Ludmin:RateLimits:FailedLogins:Enabled"] = "false" },
    };

    /// <summary>Sent inside hostile values: no answer may echo it back.</summary>
    private const string EchoMarker = "ludmin-echo-marker";

    private const string ValidPassword = "valid password 123";
    private const string Json = "application/json";

    private static readonly Outcome Invalid = new(HttpStatusCode.BadRequest, "validation_failed");
    private static readonly Outcome Malformed = new(HttpStatusCode.BadRequest, "malformed_request");
    private static readonly Outcome TooLarge = new(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    private static readonly Outcome WrongMediaType = new(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    private static readonly Outcome Served = new(HttpStatusCode.OK, null);

    private UserSession _session = null!;
    private TokenInfo _public = null!;
    private TokenInfo _master = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        _session = await Api.NewSessionAsync("hostile");
        _public = await Api.PublicTokenAsync();
        _master = await LoginAsMasterAsync();
    }

    [TestCaseSource(nameof(BodyCases))]
    [TestCaseSource(nameof(PathCases))]
    [TestCaseSource(nameof(QueryCases))]
    public async Task Send_WhenInputIsHostile_AnswersWithoutServerErrorAndChangesNothing(HostileRequest request)
    {
        var path = request.Path.Replace("{device}", _session.DeviceId, StringComparison.Ordinal);

        // A refused login counts a failure against the address it named, and a refused reset code one against the client
        // address that sent it, by design: only then may login_throttles or reset_refusals change.
        string[] mayChange = request.Code switch
        {
            "invalid_credentials" => ["login_throttles"],
            "reset_code_invalid" => ["reset_refusals"],
            _ => [],
        };
        var before = await Api.StoreSnapshotExceptAsync(mayChange);

        using var response = await Api.SendContentAsync(request.Method, path, TokenFor(request.Caller), request.Content(), bareToken: request.Caller == CallerKind.GarbageBare);

        var after = await Api.StoreSnapshotExceptAsync(mayChange);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.That(answer, Does.Not.Contain(EchoMarker), "the answer echoes what was sent");
        Assert.That(answer, Does.Not.Contain("Ludmin.").And.Not.Contain("System."), "the answer names the server's types");
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
        CallerKind.Master => _master.Token,
        CallerKind.Garbage or CallerKind.GarbageBare => $"{EchoMarker}.not.a-token",
        CallerKind.Forged => TestTokens.ForUser(_session.User.Id, _session.DeviceId, _session.User.Email, key: ForgedTokens.OtherKey, sessionId: _session.SessionId),
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
        // The body is optional (a master deleting another user may send none); closing your own
        // account needs current_password, so every case with a wrong one deletes nothing.
        yield return new Endpoint(
            HttpMethod.Delete, "/users/me", CallerKind.User,
            () => new JsonObject { ["current_password"] = "not the current password" },
            new Outcome(HttpStatusCode.BadRequest, "current_password_invalid"),
            [new Field("current_password", Control: Template)]);
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
        // Where the body may be left out, an empty one and JSON null are no body: served, or (DELETE /users/me) a missing password.
        var noBody = endpoint.Path == "/tokens/public" ? Served : endpoint.Method == HttpMethod.Delete ? Invalid : Malformed;
        yield return endpoint.Request("an empty body", Body(""), noBody);
        yield return endpoint.Request("JSON null", Body("null"), noBody);
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

        foreach (var request in EncodingCasesFor(endpoint).Concat(SyntaxCasesFor(endpoint)).Concat(AuthorizationCasesFor(endpoint)))
        {
            yield return request;
        }

        foreach (var field in endpoint.Fields)
        {
            var name = field.Name;
            yield return endpoint.FieldRequest(name, $"{name} with a raw control character", Body(WithRaw(endpoint.Template(), name, "\"a\u0001b\"")), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} with a lone surrogate", Body(WithRaw(endpoint.Template(), name, "\"a\\ud800b\"")), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} {{\"$regex\": \".*\"}}", Body(With(endpoint.Template(), name, new JsonObject { ["$regex"] = ".*" })), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} {{\"$in\": [...]}}", Body(With(endpoint.Template(), name, new JsonObject { ["$in"] = new JsonArray("a@example.com", EchoMarker) })), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} -1e309", Body(WithRaw(endpoint.Template(), name, "-1e309")), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} a 400-digit number", Body(WithRaw(endpoint.Template(), name, new string('9', 400))), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} NaN", Body(WithRaw(endpoint.Template(), name, "NaN")), Invalid);
            yield return endpoint.FieldRequest(name, $"{name} twice", Body(Twice(endpoint.Template(), name)), Invalid);
            var cased = char.ToUpperInvariant(name[0]) + name[1..];
            yield return new HostileRequest($"{name} and {cased} both", endpoint.Method, endpoint.Path, endpoint.Caller, Body(WithRaw(endpoint.Template(), cased, "\"x\"")), Invalid.Status, Invalid.Code, cased);
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

    /// <summary>Bodies in other encodings than UTF-8, declared or not, with and without a byte order mark.</summary>
    private static IEnumerable<HostileRequest> EncodingCasesFor(Endpoint endpoint)
    {
        var first = endpoint.Fields[0].Name;
        // Raw, not \u-escaped: the point is the bytes of the ë in each encoding.
        Func<string> accented = () => WithRaw(endpoint.Template(), first, "\"Zoë-" + ((string?)endpoint.Template()[first] ?? "x") + "\"");
        if (endpoint.TemplateIsSent)
        {
            // Declared UTF-16 and UTF-8 with a BOM are JSON the parser reads as it should: served like the template.
            yield return endpoint.Request("the template in UTF-16, declared", () => Encoded(endpoint.Template().ToJsonString(), Encoding.Unicode, "utf-16"), endpoint.TemplateOutcome);
            yield return endpoint.Request("the template in UTF-8 after a byte order mark", () => Bytes([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(endpoint.Template().ToJsonString())], Json), endpoint.TemplateOutcome);
            yield return endpoint.Request("the template as application/problem+json", Body(endpoint.Template().ToJsonString(), "application/problem+json"), endpoint.TemplateOutcome);
        }

        yield return endpoint.Request("UTF-16, undeclared", () => Encoded(endpoint.Template().ToJsonString(), Encoding.Unicode, null), Malformed);
        yield return endpoint.Request("UTF-16 with a byte order mark, undeclared", () => Bytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(endpoint.Template().ToJsonString())], Json), Malformed);
        yield return endpoint.Request("UTF-16BE, declared", () => Encoded(endpoint.Template().ToJsonString(), Encoding.BigEndianUnicode, "utf-16be"), WrongMediaType);
        yield return endpoint.Request("UTF-32, declared", () => Encoded(endpoint.Template().ToJsonString(), Encoding.UTF32, "utf-32"), WrongMediaType);
        yield return endpoint.Request("Latin-1, declared", () => Encoded(accented(), Encoding.Latin1, "iso-8859-1"), WrongMediaType);
        yield return endpoint.FieldRequest(first, "Latin-1, undeclared", () => Encoded(accented(), Encoding.Latin1, null), Invalid);
        yield return endpoint.FieldRequest(first, "Latin-1, declared as UTF-8", () => Encoded(accented(), Encoding.Latin1, "utf-8"), Invalid);
        yield return endpoint.Request("UTF-8, declared as Latin-1", () => Encoded(accented(), Encoding.UTF8, "iso-8859-1"), WrongMediaType);
        yield return endpoint.Request("an unknown charset", () => Encoded(endpoint.Template().ToJsonString(), Encoding.UTF8, EchoMarker), WrongMediaType);
    }

    /// <summary>JSON that is not quite JSON, and media types that are not JSON.</summary>
    private static IEnumerable<HostileRequest> SyntaxCasesFor(Endpoint endpoint)
    {
        var json = endpoint.Template().ToJsonString();
        yield return endpoint.Request("a comment", Body(json[..^1] + " /* " + EchoMarker + " */}"), Malformed);
        yield return endpoint.Request("a trailing comma", Body(json[..^1] + ",}"), Malformed);
        yield return endpoint.Request("single quotes", Body(json.Replace('"', '\'')), Malformed);
        yield return endpoint.Request("two objects", Body(json + json), Malformed);
        yield return endpoint.Request("an operator object at the root", Body("{\"$or\": [{\"" + endpoint.Fields[0].Name + "\": {\"$ne\": null}}]}"), Invalid);
        yield return endpoint.Request("text/json", Body(json, "text/json"), WrongMediaType);
        yield return endpoint.Request("multipart/form-data", () => new MultipartFormDataContent { { new StringContent(json), "body" } }, WrongMediaType);
        yield return endpoint.Request("a form carrying JSON", Body(json, "application/x-www-form-urlencoded"), WrongMediaType);
    }

    /// <summary>The template without a token, and with tokens that are not ours.</summary>
    private static IEnumerable<HostileRequest> AuthorizationCasesFor(Endpoint endpoint)
    {
        if (endpoint.Caller == CallerKind.None)
        {
            yield break;
        }

        var template = Body(endpoint.Template().ToJsonString());
        yield return new HostileRequest("no Authorization", endpoint.Method, endpoint.Path, CallerKind.None, template, HttpStatusCode.Unauthorized, "token_missing");
        yield return new HostileRequest("a garbage bearer token", endpoint.Method, endpoint.Path, CallerKind.Garbage, template, HttpStatusCode.Unauthorized, "token_invalid");
        yield return new HostileRequest("a garbage bare token", endpoint.Method, endpoint.Path, CallerKind.GarbageBare, template, HttpStatusCode.Unauthorized, "token_invalid");
        yield return new HostileRequest("a token signed with another key", endpoint.Method, endpoint.Path, CallerKind.Forged, template, HttpStatusCode.Unauthorized, "token_invalid");
        if (endpoint.Caller == CallerKind.User)
        {
            yield return new HostileRequest("a public token", endpoint.Method, endpoint.Path, CallerKind.Public, template, HttpStatusCode.Forbidden, "forbidden");
        }
    }

    /// <summary>GET /users (masters only): paging that is not a small positive number.</summary>
    private static IEnumerable<HostileRequest> QueryCases()
    {
        foreach (var (query, field) in new[]
        {
            ("page=1e309", "page"),
            ("page_size=99999999999999999999", "page_size"),
            ("page=9223372036854775808", "page"),
            ("page=-1e309", "page"),
            ("page=NaN", "page"),
            ("page=Infinity", "page"),
            ("page=-0", "page"),
            ("page=1.0", "page"),
            ("page_size=1e2", "page_size"),
            ("page=1,2", "page"),
            ("page=", "page"),
            ("page=%00", "page"),
            ("page=%EF%BC%91", "page"),
            ("page=%7B%22%24ne%22%3Anull%7D", "page"),
            ($"page={EchoMarker}", "page"),
            ($"page_size=%3Cscript%3E{EchoMarker}", "page_size"),
        })
        {
            yield return new HostileRequest($"?{query}", HttpMethod.Get, $"/users?{query}", CallerKind.Master, () => null, HttpStatusCode.BadRequest, "validation_failed", field);
        }

        // after= takes only a cursor this API gave out, spelled exactly as given.
        foreach (var query in new[]
        {
            "after=",
            "after=%00",
            "after=null",
            "after=%7B%22%24gt%22%3A%22%22%7D",
            "after=../../etc/passwd",
            "after=AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "after=AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D",
            $"after={new string('A', 4_000)}",
            $"after=%3Cscript%3E{EchoMarker}",
            "after=%EF%BC%A1%EF%BC%A1",
        })
        {
            yield return new HostileRequest($"?{(query.Length > 80 ? query[..80] + "..." : query)}", HttpMethod.Get, $"/users?{query}", CallerKind.Master, () => null, HttpStatusCode.BadRequest, "validation_failed", "after");
        }

        // Names the binder does not know are not paging: the list is served with the defaults.
        foreach (var query in new[] { "page[$ne]=1", "page.$gt=0", $"{EchoMarker}=1" })
        {
            yield return new HostileRequest($"?{query}", HttpMethod.Get, $"/users?{query}", CallerKind.Master, () => null, HttpStatusCode.OK, null);
        }

        yield return new HostileRequest("?page=1e309 without a token", HttpMethod.Get, "/users?page=1e309", CallerKind.None, () => null, HttpStatusCode.Unauthorized, "token_missing");
        yield return new HostileRequest("?page=1e309 with a user token", HttpMethod.Get, "/users?page=1e309", CallerKind.User, () => null, HttpStatusCode.Forbidden, "forbidden");
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
            yield return new HostileRequest(
                $"DELETE with {kind}", HttpMethod.Delete, $"/users/{id}", CallerKind.User,
                () => null,
                id == unknown ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound,
                id == unknown ? "forbidden" : "user_not_found");
            yield return new HostileRequest(
                $"DELETE by a master with {kind}", HttpMethod.Delete, $"/users/{id}", CallerKind.Master,
                () => null, HttpStatusCode.NotFound, "user_not_found");
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

    private static ByteArrayContent Encoded(string json, Encoding encoding, string? charset)
    {
        var content = new ByteArrayContent(encoding.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", charset is null ? Json : $"{Json}; charset={charset}");
        return content;
    }

    /// <summary>The field written twice, the second time with another value.</summary>
    private static string Twice(JsonObject body, string name)
    {
        var json = body.ToJsonString();
        return json[..^1] + $",\"{name}\":\"{EchoMarker}\"}}";
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
