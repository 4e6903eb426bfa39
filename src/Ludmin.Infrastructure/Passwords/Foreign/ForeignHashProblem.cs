namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>Why a hash string cannot be taken: each is one per-row <c>code</c> of the import (issue 21).</summary>
internal enum ForeignHashProblem
{
    /// <summary><c>hash_unsupported</c>: not a format Ludmin reads, or one of them malformed.</summary>
    Unsupported,

    /// <summary><c>hash_too_costly</c>: a format Ludmin reads, with a cost above <see cref="ForeignHashOptions"/>'s ceilings.</summary>
    TooCostly,
}
