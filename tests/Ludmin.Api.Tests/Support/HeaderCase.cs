using System.Net;

namespace Ludmin.Api.Tests.Support;

/// <summary>A request whose answer must carry the security headers, and the status it is expected to get.</summary>
public sealed record HeaderCase(string Name, HttpStatusCode Status, Func<LudminApi, Task<HttpResponseMessage>> SendAsync, bool IsSwagger = false)
{
    public override string ToString() => Name;
}
