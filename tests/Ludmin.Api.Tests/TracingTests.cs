using System.Diagnostics;
using System.Net;
using Ludmin.Api.Tests.Support;
using OpenTelemetry.Trace;

namespace Ludmin.Api.Tests;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, each request, each command or query, each store
/// call and each hash is a span of one trace, and no attribute carries a password, code, token
/// or email address. (The spans are read with the in-memory exporter beside the OTLP one, whose
/// endpoint here accepts nothing.)
/// </summary>
[NonParallelizable]
public sealed class TracingTests : ApiTestBase
{
    private readonly List<Activity> _spans = [];

    protected override LudminFactoryOptions FactoryOptions => new()
    {
        Settings = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" },
        Services = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)),
    };

    [Test]
    public async Task LoginAndReset_WhenTracingIsOn_AreSpansOfRequestsMessagesStoreCallsAndHashes_WithNoSecretInAnyAttribute()
    {
        // Only this test's spans: the class's other test may have run first (the order of test
        // names is the culture's, which ICU sorts differently from ordinal order).
        lock (_spans)
        {
            _spans.Clear();
        }

        var user = await Api.RegisterAsync(password: LudminApi.Password);
        var login = await Api.LoginAsync(user.Email, user.Password);
        var code = await Api.RequestResetCodeAsync(user.Email);
        using (var reset = await Api.CompleteResetAsync(user.Email, code, "a brand new password"))
        {
            Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var spans = Snapshot();
        var request = spans.Single(s => s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName == "POST tokens");
        var message = spans.Single(s => s.Source.Name == "Ludmin.Application" && s.DisplayName == "LoginCommand");
        var lookup = spans.First(s => s.Source.Name == "Ludmin.Infrastructure" && s.DisplayName == "store users.find_by_email" && s.TraceId == request.TraceId);
        var verify = spans.Single(s => s.Source.Name == "Ludmin.Infrastructure" && s.DisplayName == "password_hash verify" && s.TraceId == request.TraceId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.TraceId, Is.EqualTo(request.TraceId), "the handler's span is in the request's trace");
            Assert.That(Ancestors(message, spans), Does.Contain(request.SpanId));
            Assert.That(Ancestors(lookup, spans), Does.Contain(message.SpanId), "store calls nest under the handler");
            Assert.That(Ancestors(verify, spans), Does.Contain(message.SpanId), "hashes nest under the handler");
            Assert.That(lookup.GetTagItem("ludmin.store.outcome"), Is.EqualTo("ok"));
            Assert.That(message.GetTagItem("ludmin.outcome"), Is.EqualTo("ok"));
            Assert.That(spans.Where(s => s.DisplayName == "store users.update"), Is.Not.Empty);
            Assert.That(spans.Where(s => s.DisplayName == "password_hash hash"), Is.Not.Empty);
            Assert.That(spans.Where(s => s.DisplayName == "CompleteResetCommand"), Is.Not.Empty);
        }

        string[] secrets = [user.Email, user.Password, "a brand new password", code, login.Token, login.Token.Split('.')[2]];
        foreach (var span in spans)
        {
            foreach (var (key, value) in span.TagObjects)
            {
                var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Assert.That(secrets.Where(secret => text.Contains(secret, StringComparison.OrdinalIgnoreCase)), Is.Empty, $"{span.Source.Name} {span.DisplayName}: {key}");
            }
        }
    }

    [Test]
    public async Task Login_WhenTheCredentialsAreWrong_MarksTheMessageSpanWithTheErrorCodeOnly()
    {
        var user = await Api.RegisterAsync();
        var device = await Api.PublicTokenAsync();
        using (var wrong = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = user.Email, password = "not the password at all", description = "x" }))
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var message = Snapshot().Last(s => s.DisplayName == "LoginCommand");
        Assert.That(message.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(message.GetTagItem("ludmin.outcome"), Is.EqualTo("invalid_credentials"));
        Assert.That(message.StatusDescription, Is.EqualTo("invalid_credentials"));
    }

    private List<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    private static List<ActivitySpanId> Ancestors(Activity span, List<Activity> spans)
    {
        var ancestors = new List<ActivitySpanId>();
        var parent = span.ParentSpanId;
        while (parent != default)
        {
            ancestors.Add(parent);
            parent = spans.FirstOrDefault(s => s.SpanId == parent)?.ParentSpanId ?? default;
        }

        return ancestors;
    }
}
