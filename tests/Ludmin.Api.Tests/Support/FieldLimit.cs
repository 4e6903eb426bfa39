using System.Net;
using System.Text.Json.Nodes;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// One bounded field of one endpoint: a request it serves (for a fresh session), the value at
/// the bound and the value just past it, and what the endpoint answers at the bound (a refusal
/// for another reason, such as unknown credentials, counts when the field itself is not blamed).
/// </summary>
public sealed record FieldLimit(
    string Endpoint,
    HttpMethod Method,
    string Path,
    string Field,
    string Bound,
    Func<UserSession, JsonObject> Template,
    Func<string> AtBound,
    Func<string> OverBound,
    HttpStatusCode AtBoundStatus,
    bool UserToken = false,
    string[]? AlsoSet = null)
{
    public const int EmailLength = 254;
    public const int NameLength = 100;
    public const int DescriptionLength = 100;
    public const int PasswordMin = 8;
    public const int PasswordMax = 128;

    public static IEnumerable<FieldLimit> All()
    {
        Func<UserSession, JsonObject> register = _ => new JsonObject
        {
            ["full_name"] = "Bound Lee",
            ["email"] = Unique.Email("bound"),
            ["password"] = LudminApi.Password,
            ["password_confirmation"] = LudminApi.Password,
        };
        Func<UserSession, JsonObject> login = s => new JsonObject { ["email"] = s.User.Email, ["password"] = s.User.Password, ["description"] = "Bounds" };
        Func<UserSession, JsonObject> rename = _ => new JsonObject { ["full_name"] = "Renamed" };
        Func<UserSession, JsonObject> changeEmail = s => new JsonObject { ["email"] = Unique.Email("moved"), ["current_password"] = s.User.Password };
        Func<UserSession, JsonObject> changePassword = s => new JsonObject
        {
            ["password"] = "changed password 1",
            ["password_confirmation"] = "changed password 1",
            ["current_password"] = s.User.Password,
        };
        Func<UserSession, JsonObject> requestReset = _ => new JsonObject { ["email"] = Unique.Email("reset") };
        Func<UserSession, JsonObject> completeReset = _ => new JsonObject
        {
            ["email"] = Unique.Email("reset"),
            ["code"] = "123456",
            ["password"] = LudminApi.Password,
            ["password_confirmation"] = LudminApi.Password,
        };
        string[] confirmation = ["password_confirmation"];

        foreach (var (name, method, path, template, created, user) in new[]
        {
            ("register", HttpMethod.Post, "/users", register, HttpStatusCode.Created, false),
            ("update profile", HttpMethod.Put, "/users/me", changeEmail, HttpStatusCode.OK, true),
        })
        {
            yield return new(name, method, path, "email", "254 characters", template, () => LongEmail(EmailLength), () => LongEmail(EmailLength + 1), created, user);
        }

        yield return new("login", HttpMethod.Post, "/tokens", "email", "254 characters", login, () => LongEmail(EmailLength), () => LongEmail(EmailLength + 1), HttpStatusCode.Unauthorized);
        yield return new("request reset", HttpMethod.Post, "/users/reset", "email", "254 characters", requestReset, () => LongEmail(EmailLength), () => LongEmail(EmailLength + 1), HttpStatusCode.Accepted);
        yield return new("complete reset", HttpMethod.Put, "/users/reset", "email", "254 characters", completeReset, () => LongEmail(EmailLength), () => LongEmail(EmailLength + 1), HttpStatusCode.BadRequest);

        yield return new("register", HttpMethod.Post, "/users", "full_name", "100 characters", register, () => new string('N', NameLength), () => new string('N', NameLength + 1), HttpStatusCode.Created);
        yield return new("update profile", HttpMethod.Put, "/users/me", "full_name", "100 characters", rename, () => new string('N', NameLength), () => new string('N', NameLength + 1), HttpStatusCode.OK, UserToken: true);

        yield return new("login", HttpMethod.Post, "/tokens", "description", "100 characters", login, () => new string('D', DescriptionLength), () => new string('D', DescriptionLength + 1), HttpStatusCode.Created);

        foreach (var (bound, at, over) in new[]
        {
            ("at least 8 characters", new string('p', PasswordMin), new string('p', PasswordMin - 1)),
            ("at most 128 characters", new string('p', PasswordMax), new string('p', PasswordMax + 1)),
        })
        {
            yield return new("register", HttpMethod.Post, "/users", "password", bound, register, () => at, () => over, HttpStatusCode.Created, AlsoSet: confirmation);
            yield return new("update profile", HttpMethod.Put, "/users/me", "password", bound, changePassword, () => at, () => over, HttpStatusCode.OK, UserToken: true, AlsoSet: confirmation);
            yield return new("complete reset", HttpMethod.Put, "/users/reset", "password", bound, completeReset, () => at, () => over, HttpStatusCode.BadRequest, AlsoSet: confirmation);
        }

        // A password offered at login is only bounded above: older policies may have allowed shorter ones.
        yield return new("login", HttpMethod.Post, "/tokens", "password", "at most 128 characters", login, () => new string('p', PasswordMax), () => new string('p', PasswordMax + 1), HttpStatusCode.Unauthorized);
    }

    /// <summary>A valid address of exactly <paramref name="length"/> characters that nobody has: a 64-character local part and a long domain.</summary>
    public static string LongEmail(int length)
    {
        var local = Guid.NewGuid().ToString("N") + new string('a', 32);
        var domain = new string('e', length - local.Length - 1 - ".com".Length) + ".com";
        return $"{local}@{domain}";
    }

    /// <summary>The template with the field (and the fields that must repeat it) set to <paramref name="value"/>.</summary>
    public JsonObject Body(UserSession session, string value)
    {
        var body = Template(session);
        body[Field] = value;
        foreach (var other in AlsoSet ?? [])
        {
            body[other] = value;
        }

        return body;
    }

    public override string ToString() => $"{Endpoint} {Field} {Bound}";
}
