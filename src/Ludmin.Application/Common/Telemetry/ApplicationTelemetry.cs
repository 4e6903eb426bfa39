using System.Diagnostics;

namespace Ludmin.Application.Common.Telemetry;

/// <summary>The spans the application starts: one per command or query (<see cref="Behaviours.TracingBehaviour{TMessage, TResponse}"/>).</summary>
public static class ApplicationTelemetry
{
    public const string SourceName = "Ludmin.Application";

    public static readonly ActivitySource Source = new(SourceName);
}
