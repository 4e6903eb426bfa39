using Ludmin.Api.Shutdown;

namespace Ludmin.Api.Http;

/// <summary>
/// Headers every response carries: no MIME sniffing, no framing, no referrer, and no caching of
/// API answers (tokens and profiles must not linger in shared or browser caches); the public
/// keys and the discovery document are the exception. During the drain, also
/// <c>Connection: close</c>, so kept-alive clients open a new connection (to another instance)
/// for their next request instead of sending it down one the listener is about to close.
/// </summary>
internal sealed class ResponseHeadersMiddleware(RequestDelegate next, ShutdownDrain drain)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // Swagger's files and the public keys (which set their own short max-age) may be cached.
            if (!context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase)
                && !(context.Request.Path.StartsWithSegments("/.well-known", StringComparison.OrdinalIgnoreCase) && context.Response.StatusCode == StatusCodes.Status200OK))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });

        if (drain.IsDraining)
        {
            context.Response.Headers.Connection = "close";
        }

        return next(context);
    }
}
