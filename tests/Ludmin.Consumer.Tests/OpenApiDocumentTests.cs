using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ludmin.Consumer.Tests.Support;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// docs/openapi.json is the document frontend teams generate clients from: it must be exactly
/// what the API serves, and usable by a generator without hand edits.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    public const string UpdateVariable = "LUDMIN_UPDATE_OPENAPI";

    private static readonly string[] OperationIds =
    [
        "IssuePublicToken", "Login", "RefreshToken", "Logout", "RegisterUser",
        "ListUsers", "ImportUsers", "GetUser", "UpdateProfile", "DeleteUser", "RequestReset", "CompleteReset",
        "PassSecondFactor", "BeginTotpEnrolment", "ConfirmTotpEnrolment", "RemoveOwnTotp", "RemoveTotp", "ReplaceRecoveryCodes",
        "BeginPasskeyRegistration", "RegisterPasskey", "ListPasskeys", "RenamePasskey", "DeletePasskey", "BeginPasskeySignIn", "SignInWithPasskey",
    ];

    private ConsumerFactory _factory = null!;
    private JsonNode _served = null!;

    [OneTimeSetUp]
    public async Task FetchServedDocument()
    {
        _factory = new ConsumerFactory();
        using var client = _factory.CreateClient();
        _served = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
    }

    [OneTimeTearDown]
    public void StopServer() => _factory.Dispose();

    [Test]
    public async Task CheckedInDocument_IsExactlyWhatTheApiServes()
    {
        var served = Format(_served);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(Repository.OpenApiDocument, served);
        }

        var checkedIn = File.Exists(Repository.OpenApiDocument) ? Format(JsonNode.Parse(await File.ReadAllTextAsync(Repository.OpenApiDocument))!) : "";
        Assert.That(checkedIn, Is.EqualTo(served),
            $"docs/openapi.json differs from the document the API serves. Regenerate it with: {UpdateVariable}=1 dotnet test tests/Ludmin.Consumer.Tests --filter FullyQualifiedName~OpenApiDocumentTests, then review and commit the change.");
    }

    [Test]
    public void Operations_HaveTheStableOperationIds() =>
        Assert.That(Operations().Select(o => o.Operation["operationId"]!.GetValue<string>()), Is.EquivalentTo(OperationIds));

    [Test]
    public void EveryErrorResponse_IsProblemJsonWithTheProblemSchema()
    {
        foreach (var (path, method, operation) in Operations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) < 400)
                {
                    continue;
                }

                var content = response!["content"]!.AsObject();
                Assert.That(content.Select(c => c.Key), Is.EqualTo(new[] { "application/problem+json" }), $"{method} {path} {status}");
                Assert.That(content["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/components/schemas/ProblemResponse"), $"{method} {path} {status}");
            }

            Assert.That(operation["responses"]!.AsObject().Select(r => r.Key), Does.Contain("500"), $"{method} {path}");
        }
    }

    [Test]
    public void OperationsThatNeedAToken_DeclareTheBearerSchemeAnd401()
    {
        foreach (var (path, method, operation) in Operations())
        {
            var secured = operation["security"] is JsonArray { Count: > 0 };
            Assert.That(secured, Is.EqualTo(operation["operationId"]!.GetValue<string>() != "IssuePublicToken"), $"{method} {path}");
            if (secured)
            {
                Assert.That(operation["security"]![0]!.AsObject().Select(s => s.Key), Is.EqualTo(new[] { "Bearer" }));
                Assert.That(operation["responses"]!.AsObject().Select(r => r.Key), Does.Contain("401"), $"{method} {path}");
            }
        }

        var scheme = _served["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.That(scheme["type"]!.GetValue<string>(), Is.EqualTo("http"));
        Assert.That(scheme["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
    }

    [Test]
    public void EverySchemaAndParameter_UsesTheWireNames()
    {
        foreach (var (name, schema) in _served["components"]!["schemas"]!.AsObject())
        {
            Assert.That(name, Does.Match("^[A-Z][A-Za-z]+$"), "schemas are named");
            if (name.StartsWith("WebAuthn", StringComparison.Ordinal))
            {
                // WebAuthn's JSON is WebAuthn's (camelCase), passed through for the browser's parse…FromJSON.
                continue;
            }

            foreach (var property in schema!["properties"]?.AsObject() ?? [])
            {
                Assert.That(SnakeCase().IsMatch(property.Key), Is.True, $"{name}.{property.Key}");
            }
        }

        foreach (var (path, method, operation) in Operations())
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                Assert.That(SnakeCase().IsMatch(parameter!["name"]!.GetValue<string>()), Is.True, $"{method} {path}");
            }
        }

        Assert.That(_served["paths"]!.AsObject().Select(p => p.Key), Does.Contain("/tokens/{device_id}"));
    }

    [Test]
    public void EveryRequestAndSuccessBody_HasANamedSchema()
    {
        foreach (var (path, method, operation) in Operations())
        {
            if (operation["requestBody"] is { } body)
            {
                Assert.That(body["content"]!["application/json"]!["schema"]!["$ref"], Is.Not.Null, $"{method} {path} request");
                Assert.That(body["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>(), Does.StartWith("#/components/schemas/"));
            }

            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (status.StartsWith('2') && response!["content"] is { } content)
                {
                    var schema = content["application/json"]!["schema"]!;
                    var references = schema["oneOf"] is JsonArray oneOf ? oneOf.Select(s => s!["$ref"]) : [schema["$ref"]];
                    Assert.That(references, Has.All.Not.Null, $"{method} {path} {status}");
                }
            }
        }
    }

    [Test]
    public void RequestSchemas_CarryTheSeedExamples()
    {
        var login = _served["components"]!["schemas"]!["LoginRequest"]!;
        Assert.That(login["example"]!["description"]!.GetValue<string>(), Is.EqualTo("Macbook Pro"));
        Assert.That(login["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(new[] { "email", "password" }));
        Assert.That(_served["components"]!["schemas"]!["RegisterUserRequest"]!["example"]!["full_name"]!.GetValue<string>(), Is.EqualTo("Jhon Doe"));
    }

    /// <summary>The example token's header says what a default deployment signs with: ES256, with the key's <c>kid</c>.</summary>
    [Test]
    public void TokenResultExample_WhenItsHeaderIsDecoded_IsAnEs256TokenWithAKeyId()
    {
        var token = _served["components"]!["schemas"]!["TokenResult"]!["example"]!["token"]!.GetValue<string>();
        var header = JsonNode.Parse(Convert.FromBase64String(Base64(token.Split('.')[0])))!;

        Assert.That(header["alg"]!.GetValue<string>(), Is.EqualTo("ES256"));
        Assert.That(header["kid"]?.GetValue<string>(), Is.Not.Empty);
        Assert.That(header["typ"]!.GetValue<string>(), Is.EqualTo("JWT"));
    }

    /// <summary>Swagger UI shows a server's description as plain text: no Markdown in it.</summary>
    [Test]
    public void Servers_WhenTheirDescriptionsAreRead_HoldNoMarkdown() =>
        Assert.That(_served["servers"]!.AsArray().Select(server => server!["description"]!.GetValue<string>()), Has.None.Contain("`"));

    private static string Base64(string base64Url) =>
        base64Url.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (base64Url.Length % 4)) % 4);

    [Test]
    public void EveryRequestBody_IsRequired_ExceptThePublicTokensAndTheDeletionsOptionalOnes()
    {
        // A master deleting another user sends no password, so no body.
        foreach (var (path, method, operation) in Operations())
        {
            if (operation["requestBody"] is { } body)
            {
                var optional = operation["operationId"]!.GetValue<string>() is "IssuePublicToken" or "DeleteUser" or "RemoveTotp";
                Assert.That(body["required"]?.GetValue<bool>() ?? false, Is.EqualTo(!optional), $"{method} {path}");
            }
        }
    }

    [Test]
    public void PagingParameters_CarryTheValidatorsBounds()
    {
        var parameters = _served["paths"]!["/users"]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["schema"]!);
        Assert.That(parameters["page"]["minimum"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(parameters["page"]["maximum"]!.GetValue<int>(), Is.EqualTo(1_000_000));
        Assert.That(parameters["page_size"]["minimum"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(parameters["page_size"]["maximum"]!.GetValue<int>(), Is.EqualTo(100));
    }

    [Test]
    public void TokenType_IsAnEnumOfTheFourKinds() =>
        Assert.That(_served["components"]!["schemas"]!["TokenResult"]!["properties"]!["type"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()),
            Is.EqualTo(new[] { "public", "login", "refresh", "second_factor" }));

    [Test]
    public void PublicTokens_SayTheyNeedNoSecurity()
    {
        var operation = _served["paths"]!["/tokens/public"]!["post"]!;
        Assert.That(operation["security"], Is.InstanceOf<JsonArray>().And.Empty);
    }

    [Test]
    public void UserIdParameters_DescribeTheMeForm()
    {
        foreach (var (path, method, operation) in Operations().Where(o => o.Path.Contains("{id}", StringComparison.Ordinal)))
        {
            var id = operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "id")!;
            Assert.That(id["description"]!.GetValue<string>(), Does.Contain("`me`"), $"{method} {path}");
        }
    }

    [Test]
    public void Document_HasServersLicenceTagDescriptions_AndBothHeaderForms()
    {
        Assert.That(_served["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()), Is.EqualTo(new[] { "/" }));
        Assert.That(_served["info"]!["license"]!["name"]!.GetValue<string>(), Is.Not.Empty);
        foreach (var tag in _served["tags"]!.AsArray())
        {
            Assert.That(tag!["description"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, tag["name"]!.GetValue<string>());
        }

        var scheme = _served["components"]!["securitySchemes"]!["Bearer"]!["description"]!.GetValue<string>();
        Assert.That(scheme, Does.Contain("`Authorization: Bearer <token>`").And.Contain("`Authorization: <token>`"));
    }

    private IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        _served["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key is "get" or "post" or "put" or "delete" or "patch")
            .Select(op => (path.Key, op.Key, op.Value!.AsObject())));

    private static string Format(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}
