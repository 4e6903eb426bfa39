using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Domain.Common;
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
/// environment, the public address outside Development, a migrated store marked as served live
/// (<see cref="ILiveStoreMarker"/>), and the bootstrap master. A failure stops the start with a
/// message that names the setting; a store that cannot be reached does not (readiness reports
/// it), and the marker and the bootstrap master then follow once the store answers.
/// </summary>
internal sealed partial class StartupTasks(
    IServiceProvider services,
    IHostEnvironment environment,
    IOptions<ResetCodeDeliveryOptions> delivery,
    IOptions<TokenOptions> tokens,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<StartupTasks> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan BootstrapRetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;
    private Task _deferredBootstrap = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<TokenKeys>();
        if (delivery.Value.Delivery == ResetCodeDeliveryKind.Log && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Ludmin:ResetCodes:Delivery is Log, which prints reset codes and is only allowed in Development. Use PickupDirectory.");
        }

        // Built from the request, jwks_uri would follow whatever Host a client sends, and the
        // discovery document is cacheable: one forged request could point a cache's copy elsewhere.
        if (string.IsNullOrWhiteSpace(tokens.Value.PublicBaseUrl) && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Ludmin:Tokens:PublicBaseUrl is not set: outside Development it must name where other services reach Ludmin (for example https://auth.example.com), "
                + "for jwks_uri in /.well-known/openid-configuration.");
        }

        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(cancellationToken);
        try
        {
            await PrepareStoreAsync(cancellationToken);
        }
        catch (DomainException ex) when (ex.Error == Errors.StoreUnavailable)
        {
            LogBootstrapDeferred();
            _deferredBootstrap = RetryBootstrapAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped twice (a test host's dispose after its own stop): the second is nothing to do.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _deferredBootstrap.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryBootstrapAsync(CancellationToken stopping)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(BootstrapRetryDelay, clock, stopping);
                await PrepareStoreAsync(stopping);
                return;
            }
            catch (DomainException ex) when (ex.Error == Errors.StoreUnavailable)
            {
                // Still down: try again after the delay.
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogBootstrapFailed(ex);
                return;
            }
        }
    }

    /// <summary>The marker first: from here on the store holds what only the API wrote, which a copy must not overwrite.</summary>
    private async Task PrepareStoreAsync(CancellationToken cancellationToken)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        await services.GetRequiredService<ILiveStoreMarker>().MarkServedLiveAsync(clock.GetUtcNow(), cancellationToken);
        await BootstrapMasterAsync(cancellationToken);
    }

    private async Task BootstrapMasterAsync(CancellationToken cancellationToken)
    {
        var settings = bootstrap.Value;
        if (string.IsNullOrWhiteSpace(settings.MasterEmail))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var command = new PromoteMasterCommand(settings.MasterEmail, string.IsNullOrEmpty(settings.MasterPassword) ? null : settings.MasterPassword, MasterPromotion.Bootstrap);
        var outcome = await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
        switch (outcome)
        {
            case PromoteMasterOutcome.MasterExists:
                LogMasterExists();
                break;
            case PromoteMasterOutcome.NotTheConfiguredAccount:
                LogNotTheConfiguredAccount();
                break;
            default:
                LogBootstrapped(outcome);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "MasterBootstrapped", Message = "Bootstrap master: {Outcome}.")]
    private partial void LogBootstrapped(PromoteMasterOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, EventName = "MasterBootstrapSkipped", Message = "Bootstrap master: the store has a master already, so Ludmin:Bootstrap changes nothing (the promote command makes another).")]
    private partial void LogMasterExists();

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MasterBootstrapRefused", Message = "Bootstrap master: not promoted. The store has no master, and an account that is not one holds (or held) Ludmin:Bootstrap:MasterEmail: Ludmin:Bootstrap:MasterPassword is not set or does not verify against its password, so the address alone does not make it a master. If the account is yours, run the promote command.")]
    private partial void LogNotTheConfiguredAccount();

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MasterBootstrapDeferred", Message = "Store marker and bootstrap master deferred: the store is unavailable; retrying until it answers.")]
    private partial void LogBootstrapDeferred();

    [LoggerMessage(Level = LogLevel.Error, EventName = "MasterBootstrapFailed", Message = "Bootstrap master failed once the store answered.")]
    private partial void LogBootstrapFailed(Exception exception);
}
