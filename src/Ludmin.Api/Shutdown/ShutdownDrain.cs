using Microsoft.Extensions.Options;

namespace Ludmin.Api.Shutdown;

/// <summary>
/// The first step of a stop. The host runs every <see cref="IHostedLifecycleService.StoppingAsync"/>
/// before any <c>StopAsync</c>, and Kestrel closes its listener in its own <c>StopAsync</c>: so
/// while this waits, readiness answers 503, responses ask clients to close their connections,
/// and every request is still served. Then Kestrel stops accepting and lets requests in flight
/// finish within <see cref="ShutdownOptions.Timeout"/>.
/// </summary>
internal sealed partial class ShutdownDrain(IOptions<ShutdownOptions> options, TimeProvider clock, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_draining)
        {
            // A second stop (a host stopped twice) has nothing left to hand over.
            return;
        }

        _draining = true;
        var drain = options.Value.Drain;
        LogDraining(drain.TotalSeconds);
        if (drain <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(drain, clock, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out first: stop now rather than overrun it.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, EventId = 3001, EventName = "ShutdownDraining", Message = "Stopping: readiness answers 503; still serving for {DrainSeconds} s before the listener closes.")]
    private partial void LogDraining(double drainSeconds);
}
