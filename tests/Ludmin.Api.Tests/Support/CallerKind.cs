namespace Ludmin.Api.Tests.Support;

/// <summary>Which token a table-driven request is sent with.</summary>
public enum CallerKind
{
    None,
    Public,
    User,
}
