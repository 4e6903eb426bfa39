using System.Net;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// One row of a hostile-input table: what is sent, and the answer expected. A null
/// <paramref name="Code"/> means the request is legitimately served (the status is then a success);
/// <paramref name="ErrorField"/> names the field the problem's <c>errors</c> must mention.
/// </summary>
public sealed record HostileRequest(
    string Name,
    HttpMethod Method,
    string Path,
    CallerKind Caller,
    Func<HttpContent?> Content,
    HttpStatusCode Status,
    string? Code,
    string? ErrorField = null)
{
    public override string ToString() => $"{Method} {Path}: {Name}";
}
