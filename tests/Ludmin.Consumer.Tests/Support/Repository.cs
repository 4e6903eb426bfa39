namespace Ludmin.Consumer.Tests.Support;

internal static class Repository
{
    /// <summary>The checkout's root: the folder holding Ludmin.sln, above the test binaries.</summary>
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ludmin.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Ludmin.sln was not found above the test directory.");
        }
    }

    public static string OpenApiDocument => Path.Combine(Root, "docs", "openapi.json");
}
