namespace Ludmin.Application.Common.Models;

/// <summary>The caller's passkeys, oldest first.</summary>
public sealed record PasskeyList(IReadOnlyList<PasskeyView> Items);
