namespace Ludmin.Infrastructure.Storage.Importing;

/// <summary>One line of an import file: the fields of <c>POST /users/import</c>'s users, snake_case, nothing else.</summary>
internal sealed record ImportLine(string? FullName, string? Email, bool? EmailVerified, string? PasswordHash, string? CreatedAt)
{
    /// <summary>Never the hash.</summary>
    public override string ToString() => $"ImportLine({Email})";
}
