using Microsoft.Extensions.Logging;

namespace Ludmin.Api.Tests.Support;

/// <summary>One log entry the server wrote, as <see cref="LogCapture"/> kept it.</summary>
public sealed record LogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, string?>> Properties,
    IReadOnlyList<string> Scopes,
    string? Exception)
{
    /// <summary>The value of a structured property, or null when the entry has none by that name.</summary>
    public string? Property(string name) => Properties.FirstOrDefault(p => p.Key == name).Value;

    public bool HasProperty(string name) => Properties.Any(p => p.Key == name);

    public string AllText =>
        $"{Category} {Level} {EventId} {Message} {string.Join(' ', Properties.Select(p => $"{p.Key}={p.Value}"))} {string.Join(' ', Scopes)} {Exception}";

    public override string ToString() => $"{Category}[{EventId.Id}] {Message}";
}
