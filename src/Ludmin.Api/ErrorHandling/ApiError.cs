namespace Ludmin.Api.ErrorHandling;

/// <summary>An error as the API answers it: its stable code, its HTTP status and its title.</summary>
public sealed record ApiError(string Code, int Status, string Title);
