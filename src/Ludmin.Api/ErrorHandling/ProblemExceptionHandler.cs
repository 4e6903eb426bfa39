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
            case TooManyAttemptsException tooMany:
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(tooMany.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context, ApiErrors.RateLimited, tooMany.Message);
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
                await Problems.WriteAsync(context, ApiErrors.Internal);
                break;
        }

        return true;
    }

    internal static ApiError ErrorForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ApiErrors.TokenMissing,
        StatusCodes.Status403Forbidden => ApiErrors.From(Errors.Forbidden),
        StatusCodes.Status404NotFound => ApiErrors.NotFound,
        StatusCodes.Status405MethodNotAllowed => ApiErrors.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ApiErrors.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ApiErrors.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ApiErrors.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ApiErrors.From(Errors.ServerBusy),
        >= 400 and < 500 => ApiErrors.MalformedRequest,
        _ => ApiErrors.Internal,
    };

    [LoggerMessage(Level = LogLevel.Error, EventName = "UnhandledException", Message = "Unhandled exception on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
