using System.Text.Json;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>The hashes of tests/vectors/foreign-hashes.json, made once by the real tools and committed.</summary>
public static class ToolVectors
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static string Script => Path.Combine(RepositoryRoot(), "tests", "vectors", "make-foreign-hashes.py");

    public static IReadOnlyList<ToolVector> Committed { get; } = Read(Path.Combine(RepositoryRoot(), "tests", "vectors", "foreign-hashes.json"));

    public static IEnumerable<ToolVector> Verifying => Committed.Where(v => v.Verifies);

    public static IReadOnlyList<ToolVector> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("vectors").Deserialize<List<ToolVector>>(Json)
            ?? throw new InvalidOperationException($"{path} holds no vectors.");
    }

    // Found at test discovery, before NUnit's TestContext knows the test directory.
    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Ludmin.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Ludmin.sln not found above " + AppContext.BaseDirectory);
    }
}
