namespace Ludmin.Api.RateLimits;

/// <summary>
/// Counts refused requests by limit, on the operations meter every other refusal is counted on
/// (a throttled login too); the composition root supplies it (<c>Hosting/RateLimitRefusals.cs</c>).
/// </summary>
internal interface IRateLimitRefusals
{
    void Refused(string limit);
}
