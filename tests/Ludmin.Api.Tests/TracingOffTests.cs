using System.Diagnostics;
using Ludmin.Api.Tests.Support;
using OpenTelemetry.Trace;

namespace Ludmin.Api.Tests;

/// <summary>Without <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> tracing is off: no span is recorded, whatever exporter is attached.</summary>
[NonParallelizable]
public sealed class TracingOffTests : ApiTestBase
{
    private readonly List<Activity> _spans = [];

    protected override LudminFactoryOptions FactoryOptions => new()
    {
        Services = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)),
    };

    [Test]
    public async Task Login_WhenNoEndpointIsSet_RecordsNoSpan()
    {
        var user = await Api.RegisterAsync();
        await Api.LoginAsync(user.Email, user.Password);

        lock (_spans)
        {
            Assert.That(_spans, Is.Empty);
        }
    }
}
