using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// The in-process server has no connection, so no client address. Ahead of the whole pipeline,
/// this sets the address a request names in <see cref="Header"/>, or a new one per request, so
/// per-address limits and the address in security events can be tested.
/// </summary>
public sealed class ClientAddressStartupFilter : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    private static int _next;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var named = context.Request.Headers[Header].ToString();
            context.Connection.RemoteIpAddress = named.Length > 0 ? IPAddress.Parse(named) : Anonymous();
            return nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>An address of 10.0.0.0/8 that no other request had.</summary>
    private static IPAddress Anonymous()
    {
        var n = Interlocked.Increment(ref _next);
        return IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{n & 0xff}"));
    }
}
