namespace Ludmin.Infrastructure.Storage.Importing;

/// <summary>How far an import-users run is: users answered so far, and the bytes of input they took.</summary>
public sealed record UserImportProgress(long UsersDone, long BytesRead);
