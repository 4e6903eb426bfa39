namespace Ludmin.Api.Tests.Support;

/// <summary>Which token a table-driven request is sent with.</summary>
public enum CallerKind
{
    None,
    Public,
    User,
    Master,

    /// <summary><c>Authorization: Bearer</c> and a string that is no token at all.</summary>
    Garbage,

    /// <summary>The bare form the seed description uses (docs/seed.md), <c>Authorization: &lt;garbage&gt;</c>.</summary>
    GarbageBare,

    /// <summary>A user token of the session, signed with a key that is not the server's.</summary>
    Forged,
}
