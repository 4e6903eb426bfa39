namespace Ludmin.Infrastructure.Files;

/// <summary>Files holding secrets (the development key, reset-code pickups): readable by the service's own user only.</summary>
internal static class PrivateFile
{
    public static FileStreamOptions CreateNew(bool asynchronous)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = asynchronous ? FileOptions.Asynchronous : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
