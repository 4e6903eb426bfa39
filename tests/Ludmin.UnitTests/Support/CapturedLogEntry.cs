using Microsoft.Extensions.Logging;

namespace Ludmin.UnitTests.Support;

/// <summary>One log entry as a logger received it: its category, level, event, text and structured properties.</summary>
internal sealed record CapturedLogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyDictionary<string, object?> Properties)
{
    /// <summary>The message template, which is not a property of the event itself.</summary>
    public const string TemplateKey = "{OriginalFormat}";

    /// <summary>The properties the entry carries, without its template.</summary>
    public IReadOnlyDictionary<string, object?> Values =>
        Properties.Where(p => p.Key != TemplateKey).ToDictionary(p => p.Key, p => p.Value);
}
