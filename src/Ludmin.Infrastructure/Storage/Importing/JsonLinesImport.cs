using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ludmin.Application.Users.ImportUsers;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Infrastructure.Storage.Importing;

/// <summary>
/// The import-users command's work: JSON Lines (one user a line, the fields of
/// <c>POST /users/import</c>) read in batches and handed to <see cref="UserImport"/>, the same
/// rules and the same store call as the endpoint, one store write a batch. Idempotent and
/// resumable: a line whose address is there already is answered <c>exists</c> and changes
/// nothing, so a run stopped anywhere is finished by running it again on the same file.
/// </summary>
public static class JsonLinesImport
{
    public const int DefaultBatchSize = 5_000;
    public const int MaxBatchSize = 10_000;

    /// <summary>A line that is no JSON object of the import's fields (or an empty one): counted invalid under this code.</summary>
    public const string MalformedLine = "malformed_line";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, // a misspelt field ("password") must not import a user without a hash
        MaxDepth = 4,
    };

    /// <param name="invalid">Told each invalid line: its number (from 1) and its result (never the hash).</param>
    public static async Task<UserImportReport> RunAsync(
        IServiceProvider services, TextReader input, int batchSize, IProgress<UserImportProgress>? progress,
        Action<long, ImportUserResult>? invalid, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, MaxBatchSize);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(cancellationToken);
        using var scope = services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<UserImport>();

        var tally = new ImportTally();
        var stopwatch = Stopwatch.StartNew();
        var batch = new List<(long Line, ImportUserEntry? Entry)>(batchSize);
        long lineNumber = 0;
        long bytes = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            bytes += Encoding.UTF8.GetByteCount(line) + 1;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue; // a blank line (the last one of many files) is no user
            }

            batch.Add((lineNumber, Parse(line)));
            if (batch.Count == batchSize)
            {
                await ImportBatchAsync(import, batch, tally, invalid, cancellationToken);
                progress?.Report(new UserImportProgress(tally.Done, bytes));
            }
        }

        await ImportBatchAsync(import, batch, tally, invalid, cancellationToken);
        progress?.Report(new UserImportProgress(tally.Done, bytes));
        return new UserImportReport(tally.Done, tally.Created, tally.Existing, tally.InvalidByCode, stopwatch.Elapsed);
    }

    private static ImportUserEntry? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<ImportLine>(line, Json) is { } parsed
                ? new ImportUserEntry(parsed.FullName, parsed.Email, parsed.EmailVerified, parsed.PasswordHash, parsed.CreatedAt)
                : null;
        }
        catch (JsonException)
        {
            return null; // the exception's text is never shown: it may quote the line, hash and all
        }
    }

    private static async Task ImportBatchAsync(
        UserImport import, List<(long Line, ImportUserEntry? Entry)> batch, ImportTally tally, Action<long, ImportUserResult>? invalid, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var parsed = batch.Where(b => b.Entry is not null).ToList();
        var results = await import.ImportAsync(parsed.Select(b => b.Entry).ToList(), cancellationToken);
        var answered = parsed.Select((b, i) => (b.Line, Result: results[i]))
            .Concat(batch.Where(b => b.Entry is null).Select(b => (b.Line, Result: new ImportUserResult(string.Empty, ImportUserResult.Invalid, Code: MalformedLine))))
            .OrderBy(r => r.Line);
        foreach (var (line, result) in answered)
        {
            tally.Count(result);
            if (result.Status == ImportUserResult.Invalid)
            {
                invalid?.Invoke(line, result);
            }
        }

        batch.Clear();
    }
}
