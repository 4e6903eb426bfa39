using System.Diagnostics;

namespace Ludmin.Infrastructure.Observability;

/// <summary>The spans the adapters start: one per store call, one per password hash.</summary>
public static class InfrastructureTelemetry
{
    public const string SourceName = "Ludmin.Infrastructure";

    public static readonly ActivitySource Source = new(SourceName);
}
