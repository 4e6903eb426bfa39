namespace Ludmin.Api.Hosting;

/// <summary>
/// Where the host looks for appsettings.json (and, under it, the default data folder): the app's
/// own folder, wherever it is started from. The framework's default, the working folder, let a
/// published app started from elsewhere run without its settings, silently. An operator's explicit
/// choice (<c>--contentRoot</c>, <c>DOTNET_CONTENTROOT</c>, <c>ASPNETCORE_CONTENTROOT</c>) still wins;
/// <c>dotnet run</c> sets the project folder that way (launchSettings.json), so a developer's data
/// stays in <c>src/Ludmin.Api/data</c>.
/// </summary>
public static class ContentRoot
{
    private static readonly string[] Variables = ["DOTNET_CONTENTROOT", "ASPNETCORE_CONTENTROOT"];

    /// <summary>The content root to give the host, or null when the operator named one.</summary>
    public static string? Choose(IReadOnlyList<string> args, Func<string, string?> environment, string appFolder)
    {
        var named = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Variables.Any(v => !string.IsNullOrEmpty(environment(v)));
        return named ? null : appFolder;
    }
}
