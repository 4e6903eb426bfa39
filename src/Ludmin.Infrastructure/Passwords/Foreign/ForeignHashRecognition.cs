using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>What <see cref="ForeignHashRecognizer"/> made of a string: a hash to verify against, or the problem with it.</summary>
internal sealed class ForeignHashRecognition
{
    public const string UnsupportedCode = "hash_unsupported";
    public const string TooCostlyCode = "hash_too_costly";

    public static readonly ForeignHashRecognition Unsupported = new(null, ForeignHashProblem.Unsupported);
    public static readonly ForeignHashRecognition TooCostly = new(null, ForeignHashProblem.TooCostly);

    private ForeignHashRecognition(ForeignHash? hash, ForeignHashProblem? problem)
    {
        Hash = hash;
        Problem = problem;
    }

    /// <summary>Set when the string is a hash Ludmin can verify within the ceilings.</summary>
    public ForeignHash? Hash { get; }

    /// <summary>Set when it is not.</summary>
    public ForeignHashProblem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Hash))]
    public bool IsRecognized => Hash is not null;

    /// <summary>The import's per-row code: null when recognised, else <c>hash_unsupported</c> or <c>hash_too_costly</c>.</summary>
    public string? Code => Problem switch
    {
        ForeignHashProblem.Unsupported => UnsupportedCode,
        ForeignHashProblem.TooCostly => TooCostlyCode,
        _ => null,
    };

    public static ForeignHashRecognition Recognized(ForeignHash hash) => new(hash, null);
}
