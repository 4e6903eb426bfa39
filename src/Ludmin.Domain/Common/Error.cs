namespace Ludmin.Domain.Common;

/// <summary>A failure with a stable machine-readable code that clients may branch on.</summary>
public sealed record Error(string Code, ErrorKind Kind, string Title);
