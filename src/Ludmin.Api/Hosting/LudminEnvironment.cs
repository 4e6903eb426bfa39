namespace Ludmin.Api.Hosting;

/// <summary>The seed description's (docs/seed.md) <c>LUDMIN_CONFIG=development|testing|production</c>, as ASP.NET Core environment names.</summary>
public static class LudminEnvironment
{
    public const string Variable = "LUDMIN_CONFIG";

    /// <summary>The environment name LUDMIN_CONFIG asks for, or null to leave the usual ASPNETCORE_ENVIRONMENT rules be.</summary>
    public static string? FromLudminConfig(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "development" => Environments.Development,
        "testing" => "Testing",
        "production" => Environments.Production,
        _ => throw new InvalidOperationException($"{Variable} must be development, testing or production."),
    };
}
