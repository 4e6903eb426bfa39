namespace Ludmin.Api.Tests.Support;

/// <summary>Browser-style cross-origin requests: a preflight and an actual request from an origin.</summary>
public static class Cors
{
    public const string AllowOrigin = "Access-Control-Allow-Origin";

    /// <summary>What a browser sends before a PUT with a token and a JSON body.</summary>
    public static async Task<HttpResponseMessage> PreflightAsync(LudminFactory factory, string origin, string path = "/users/me", string method = "PUT")
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await factory.Api.SendAsync(request);
    }

    /// <summary>A request a page on <paramref name="origin"/> makes.</summary>
    public static async Task<HttpResponseMessage> RequestAsync(LudminFactory factory, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens/public") { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
        request.Headers.Add("Origin", origin);
        return await factory.Api.SendAsync(request);
    }

    /// <summary>Neither a preflight nor a request from <paramref name="origin"/> gets any Access-Control-* header.</summary>
    public static async Task AssertNoHeadersForAsync(LudminFactory factory, string origin)
    {
        using var preflight = await PreflightAsync(factory, origin);
        using var request = await RequestAsync(factory, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(AccessControlHeaders(preflight), Is.Empty);
            Assert.That(AccessControlHeaders(request), Is.Empty);
        }
    }

    public static string[] Values(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? [.. values] : [];

    /// <summary>Every Access-Control-* header of the answer.</summary>
    public static string[] AccessControlHeaders(HttpResponseMessage response) =>
        [.. response.Headers.Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).Select(h => $"{h.Key}: {string.Join(',', h.Value)}")];
}
