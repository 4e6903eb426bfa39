namespace Ludmin.Domain.Common;

/// <summary>
/// What sort of failure an error is, in the domain's words. Which HTTP status each kind
/// becomes is the API's business (<c>Api/ErrorHandling/ApiErrors.cs</c>), not the Domain's.
/// </summary>
public enum ErrorKind
{
    /// <summary>The request breaks a rule: a field is missing or wrong, a code or password does not match.</summary>
    Invalid,

    /// <summary>The caller has not proved who it is: no token, a bad or ended one, wrong credentials.</summary>
    Unauthenticated,

    /// <summary>The caller is known, and may not do this.</summary>
    Denied,

    /// <summary>What the request names does not exist (or is not the caller's to see).</summary>
    Absent,

    /// <summary>The request collides with what is stored: a value another holds, a change made first.</summary>
    Collision,

    /// <summary>The service cannot do it now; the same request may succeed later.</summary>
    Unavailable,
}
