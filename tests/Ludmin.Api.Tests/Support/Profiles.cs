using System.Text.Json.Nodes;

namespace Ludmin.Api.Tests.Support;

/// <summary>The two shapes a user is shown in: the full profile and the public summary.</summary>
public static class Profiles
{
    public static readonly string[] FullProfileFields = ["id", "full_name", "current_email", "emails", "devices", "is_master", "created_at", "updated_at", "passkey_count"];
    public static readonly string[] EmailFields = ["email", "current", "verified", "inserted_at", "updated_at"];
    public static readonly string[] DeviceFields = ["device_id", "description", "first_seen", "last_used", "current"];
    public static readonly string[] SummaryFields = ["id", "full_name"];
    public static readonly string[] SecondFactorFields = ["second_factors", "recovery_codes_left"];

    /// <summary>Exactly the full profile's members, in every email and device too: nothing more (no hash), nothing less.</summary>
    public static void AssertFull(JsonNode profile)
    {
        var body = profile.ToJsonString();
        // second_factors and recovery_codes_left come together, on a profile read by itself (a page of GET /users leaves them out).
        var keys = Keys(profile).ToList();
        Assert.That(keys.Contains("second_factors"), Is.EqualTo(keys.Contains("recovery_codes_left")), body);
        Assert.That(keys.Except(SecondFactorFields), Is.EquivalentTo(FullProfileFields), body);
        foreach (var email in profile["emails"]!.AsArray())
        {
            Assert.That(Keys(email!), Is.EquivalentTo(EmailFields), body);
        }

        foreach (var device in profile["devices"]!.AsArray())
        {
            Assert.That(Keys(device!), Is.EquivalentTo(DeviceFields), body);
        }
    }

    public static void AssertSummary(JsonNode profile) =>
        Assert.That(Keys(profile), Is.EquivalentTo(SummaryFields), profile.ToJsonString());

    /// <summary>The addresses of the profile's email history with their current flag, in order.</summary>
    public static IEnumerable<(string Email, bool Current)> Emails(JsonNode profile) =>
        profile["emails"]!.AsArray().Select(e => ((string)e!["email"]!, (bool)e["current"]!));

    public static IEnumerable<string> DeviceIds(JsonNode profile) =>
        profile["devices"]!.AsArray().Select(d => (string)d!["device_id"]!);

    /// <summary>Each device of the profile with its current flag.</summary>
    public static IEnumerable<(string DeviceId, bool Current)> Devices(JsonNode profile) =>
        profile["devices"]!.AsArray().Select(d => ((string)d!["device_id"]!, (bool)d["current"]!));

    private static IEnumerable<string> Keys(JsonNode node) => node.AsObject().Select(p => p.Key);
}
