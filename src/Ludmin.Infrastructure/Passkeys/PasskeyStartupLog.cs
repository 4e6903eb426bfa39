using Ludmin.Application.Common.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Passkeys;

/// <summary>Says at start whether passkeys are on, for which relying party and origins, or how to turn them on.</summary>
internal sealed partial class PasskeyStartupLog(PasskeyOptions options, ILogger<PasskeyStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Enabled)
        {
            LogEnabled(logger, options.RelyingPartyId!, string.Join(", ", options.Origins));
        }
        else
        {
            LogDisabled(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3101, EventName = "PasskeysEnabled", Level = LogLevel.Information, Message = "Passkeys: on for relying party {RelyingPartyId}, origins {Origins}")]
    private static partial void LogEnabled(ILogger logger, string relyingPartyId, string origins);

    [LoggerMessage(EventId = 3102, EventName = "PasskeysDisabled", Level = LogLevel.Information,
        Message = "Passkeys: off; their endpoints answer 404 passkeys_disabled until Ludmin:Passkeys:RelyingPartyId and Ludmin:Passkeys:Origins are set")]
    private static partial void LogDisabled(ILogger logger);
}
