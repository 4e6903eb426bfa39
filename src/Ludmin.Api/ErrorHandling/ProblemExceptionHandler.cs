using System.Globalization;
using Ludmin.Application.Common;
using Ludmin.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Ludmin.Api.ErrorHandling;

/// <summary>
/// The one place exceptions become responses, the same in every environment. Rule failures
/// carry their own error; anything else is a fault of ours: logged in full, answered with a
/// bare 500 that holds no stack trace and no internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }

        switch (exception)
        {
            case RequestValidationException validation:
                await Problems.WriteAsync(context, validation.Error, validation.Message, validation.FieldErrors);
                break;
            case ServerBusyException busy:
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context, busy.Error, busy.Message);
                break;
            case DomainException domain:
                var errors = domain.Field is null ? null : new Dictionary<string, string[]> { [domain.Field] = [domain.Message] };
                await Problems.WriteAsync(context, domain.Error, domain.Message, errors);
                break;
            case BadHttpRequestException badRequest:
                await Problems.WriteAsync(context, ErrorForStatus(badRequest.StatusCode), badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? null : "The request could not be read.");
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                // The client went away; nobody is left to answer.
                return true;
            default:
                LogUnhandled(exception, context.Request.Method, context.Request.Path);
                await Problems.WriteAsync(context, Errors.Internal);
                break;
        }

        return true;
    }

    internal static Error ErrorForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Errors.TokenMissing,
        StatusCodes.Status403Forbidden => Errors.Forbidden,
        StatusCodes.Status404NotFound => Errors.NotFound,
        StatusCodes.Status405MethodNotAllowed => Errors.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => Errors.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => Errors.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => Errors.RateLimited,
        StatusCodes.Status503ServiceUnavailable => Errors.ServerBusy,
        >= 400 and < 500 => Errors.MalformedRequest,
        _ => Errors.Internal,
    };

    [LoggerMessage(Level = LogLevel.Error, EventName = "UnhandledException", Message = "Unhandled exception on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
