using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Ludmin.Api.OpenApi;

/// <summary>
/// What the document says about itself and is not in any action: where to send requests, under
/// which licence the API is described, and what each tag groups.
/// </summary>
internal sealed class DocumentInfoFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Tokens"] = "Public tokens for devices, login, refresh and logout. Every call needs a token; a device starts with a public one.",
        ["Users"] = "Registration, profiles (`me` for the caller), changes of name, email and password, and the masters' list of users.",
        ["SecondFactors"] = "A TOTP authenticator app as a second factor, and the recovery codes that stand in for it: enrolment, recovery codes, removal.",
        ["Passkeys"] = "Passkeys (WebAuthn): register and manage a user's passkeys, and sign in with one alone. The options answered and the `credential` members taken are WebAuthn's own JSON, camelCase, passed through as they are.",
        ["PasswordResets"] = "Password reset by a code delivered out of band: request a code, then set a new password with it.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        // Relative: the host that served the document, so Swagger UI and generated clients work
        // wherever Ludmin runs (a client of the checked-in copy sets its base address). Plain
        // text: Swagger UI shows the description as it is, Markdown marks included.
        document.Servers =
        [
            new OpenApiServer { Url = "/", Description = "The host serving this document (locally http://localhost:5080)" },
        ];

        var used = document.Paths.Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(
            used.Order(StringComparer.Ordinal).Select(name => new OpenApiTag
            {
                Name = name,
                Description = TagDescriptions.GetValueOrDefault(name) ?? throw new InvalidOperationException($"The tag {name} has no description in {nameof(DocumentInfoFilter)}."),
            }));
    }
}
