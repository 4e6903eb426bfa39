using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ludmin.UnitTests.Support;

/// <summary>Keeps every entry written through the loggers it makes, at every level, for the test to read.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }
}
