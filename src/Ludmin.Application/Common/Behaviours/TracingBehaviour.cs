using System.Diagnostics;
using Ludmin.Application.Common.Telemetry;
using Mediator;

namespace Ludmin.Application.Common.Behaviours;

/// <summary>
/// A span per message handled (named for the command or query, e.g. <c>LoginCommand</c>),
/// around validation and the handler. Only the message's type and the outcome are recorded:
/// messages carry passwords, codes and addresses, so none of their fields become attributes.
/// No listener, no span: without tracing configured this costs a null check.
/// </summary>
public sealed class TracingBehaviour<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string Name = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = ApplicationTelemetry.Source.StartActivity(Name, ActivityKind.Internal);
        if (activity is null)
        {
            return await next(message, cancellationToken);
        }

        activity.SetTag("ludmin.message", Name);
        try
        {
            var response = await next(message, cancellationToken);
            activity.SetTag("ludmin.outcome", "ok");
            return response;
        }
        catch (Exception ex)
        {
            // The stable error code (e.g. invalid_credentials) says what happened; its detail text is not recorded.
            var code = ex is Domain.Common.DomainException domain ? domain.Error.Code : ex is RequestValidationException ? "validation_failed" : null;
            activity.SetTag("ludmin.outcome", code ?? "error");
            activity.SetTag("error.type", ex.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, code ?? "error");
            throw;
        }
    }
}
