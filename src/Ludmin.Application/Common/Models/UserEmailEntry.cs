namespace Ludmin.Application.Common.Models;

/// <summary>One address of a user's email history.</summary>
public sealed record UserEmailEntry(string Email, bool Current, bool Verified, DateTimeOffset InsertedAt, DateTimeOffset UpdatedAt);
