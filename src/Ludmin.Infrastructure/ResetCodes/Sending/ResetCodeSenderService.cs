using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>
/// The sender inside the API process: with <c>Delivery</c> = <c>Smtp</c> it watches the pickup
/// folder until the host stops; with any other delivery it does nothing (send-codes may run elsewhere).
/// </summary>
internal sealed class ResetCodeSenderService(IOptions<ResetCodeDeliveryOptions> options, IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Delivery == ResetCodeDeliveryKind.Smtp
            ? services.GetRequiredService<ResetCodeSender>().WatchAsync(stoppingToken)
            : Task.CompletedTask;
}
