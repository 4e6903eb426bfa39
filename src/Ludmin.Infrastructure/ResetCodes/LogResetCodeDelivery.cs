using Ludmin.Application.Common.Ports;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>Development only (start-up refuses it elsewhere): the code is printed for the developer to copy.</summary>
internal sealed partial class LogResetCodeDelivery(ILogger<LogResetCodeDelivery> logger) : IResetCodeDelivery
{
    public ValueTask DeliverAsync(ResetCodeMessage message, CancellationToken cancellationToken)
    {
        LogCode(message.Email, message.Code, message.ExpiresAt);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEVELOPMENT reset code for {Email}: {Code} (expires {ExpiresAt:O})")]
    private partial void LogCode(string email, string code, DateTimeOffset expiresAt);
}
