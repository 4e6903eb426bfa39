using Ludmin.Api.Shutdown;

namespace Ludmin.Api.Http;

/// <summary>
/// During the drain every response says <c>Connection: close</c>, so kept-alive clients open a
/// new connection (to another instance) for their next request instead of sending it down one
/// that the listener is about to close.
/// </summary>
internal sealed class DrainingConnectionMiddleware(RequestDelegate next, ShutdownDrain drain)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (drain.IsDraining)
        {
            context.Response.Headers.Connection = "close";
        }

        return next(context);
    }
}
