using Ludmin.Application.PasswordResets.IssueResetCode;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>
/// Does the work of each queued reset request (<see cref="IssueResetCodeCommand"/>), one at a
/// time, after its answer went out. A request that fails (store or pickup folder unavailable)
/// is logged without its address and dropped: the client already has its 202, and asks again
/// when no code comes. On stop, the requests already queued are worked off first.
/// </summary>
internal sealed partial class ResetRequestWorker(ResetRequestQueue queue, IServiceScopeFactory scopes, ILogger<ResetRequestWorker> logger) : BackgroundService
{
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not the stopping token: what was accepted before the stop is still done (the host's
        // shutdown timeout bounds the wait).
        await foreach (var request in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new IssueResetCodeCommand(request.Caller, request.Email), CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogFailed(ex, request.Caller.ClientAddress);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, EventId = 2005, EventName = "ResetRequestFailed", Message = "A reset request from {ClientAddress} was answered 202 but its code could not be issued or handed over.")]
    private partial void LogFailed(Exception exception, string clientAddress);
}
