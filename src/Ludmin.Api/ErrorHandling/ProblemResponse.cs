namespace Ludmin.Api.ErrorHandling;

/// <summary>Every failure, as RFC 9457 problem+json, with a stable <c>code</c> to branch on.</summary>
/// <param name="Type">A URI naming the problem type: <c>urn:ludmin:error:&lt;code&gt;</c>.</param>
/// <param name="Title">A short summary of the problem type; the same for every occurrence.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong this time, for a human.</param>
/// <param name="Code">The machine-readable error code (docs/api.md lists them all).</param>
/// <param name="Errors">For validation failures: messages per request field, by wire name.</param>
/// <param name="TraceId">Quote it when reporting a problem; it finds the request in the logs.</param>
public sealed record ProblemResponse(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    IReadOnlyDictionary<string, string[]>? Errors,
    string? TraceId);
