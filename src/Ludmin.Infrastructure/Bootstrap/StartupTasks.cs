using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Infrastructure.ResetCodes;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Tokens;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Bootstrap;

/// <summary>
/// What must hold before the first request: a signing key, a delivery allowed in this
/// environment, a migrated store, and the bootstrap master. A failure stops the start with a
/// message that names the setting.
/// </summary>
internal sealed partial class StartupTasks(
    IServiceProvider services,
    IHostEnvironment environment,
    IOptions<ResetCodeDeliveryOptions> delivery,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<SigningKey>();
        if (delivery.Value.Delivery == ResetCodeDeliveryKind.Log && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Ludmin:ResetCodes:Delivery is Log, which prints reset codes and is only allowed in Development. Use PickupDirectory.");
        }

        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(cancellationToken);
        await BootstrapMasterAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task BootstrapMasterAsync(CancellationToken cancellationToken)
    {
        var settings = bootstrap.Value;
        if (string.IsNullOrWhiteSpace(settings.MasterEmail))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var outcome = await sender.Send(new PromoteMasterCommand(settings.MasterEmail, string.IsNullOrEmpty(settings.MasterPassword) ? null : settings.MasterPassword), cancellationToken);
        LogBootstrapped(outcome);
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "MasterBootstrapped", Message = "Bootstrap master: {Outcome}.")]
    private partial void LogBootstrapped(PromoteMasterOutcome outcome);
}
