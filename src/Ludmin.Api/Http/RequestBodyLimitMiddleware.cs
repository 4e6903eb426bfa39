using Ludmin.Api.ErrorHandling;
using Microsoft.AspNetCore.Http.Features;

namespace Ludmin.Api.Http;

/// <summary>
/// Refuses request bodies over the limit before anything reads them: by Content-Length at
/// once, and for bodies without one (chunked) as soon as the limit is passed while reading.
/// Either way the answer is the same 413, written here. One endpoint, <c>POST</c> to
/// <paramref name="largerPath"/>, has <paramref name="largerLimit"/> instead (the user import);
/// told by method and path, since this runs before routing.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, long defaultLimit, string largerPath, long largerLimit)
{
    public Task InvokeAsync(HttpContext context)
    {
        var larger = HttpMethods.IsPost(context.Request.Method)
            && string.Equals(context.Request.Path.Value?.TrimEnd('/'), largerPath, StringComparison.OrdinalIgnoreCase);
        return InvokeAsync(context, larger ? largerLimit : defaultLimit);
    }

    private async Task InvokeAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        LimitWhileReading(context, limit);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await WriteTooLargeAsync(context, limit);
        }
    }

    private static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        Problems.WriteAsync(context, ApiErrors.PayloadTooLarge, $"Request bodies are limited to {limit} bytes.");

    /// <summary>The server's own limit where it has one for this request; a counting stream where it does not.</summary>
    private static void LimitWhileReading(HttpContext context, long limit)
    {
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }
        else if (context.Request.ContentLength is null)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, limit);
        }
    }

    /// <summary>Reads through until the limit, then fails the way the server itself would.</summary>
    private sealed class LengthLimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
