namespace Ludmin.Api.CrossOrigin;

/// <summary>Which browser origins may call the API (<c>Ludmin:Cors</c>).</summary>
public sealed class LudminCorsOptions
{
    public const string Section = "Ludmin:Cors";

    /// <summary>Any origin, as the seed description (docs/seed.md) allowed. The Development default only; elsewhere name the origins.</summary>
    public bool AllowAnyOrigin { get; set; }

    /// <summary>Origins allowed to call the API from a browser, such as <c>https://app.example.com</c>.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
