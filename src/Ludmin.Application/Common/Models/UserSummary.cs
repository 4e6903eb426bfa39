namespace Ludmin.Application.Common.Models;

/// <summary>What any user may see of another: the id and the name.</summary>
public sealed record UserSummary(string Id, string FullName);
