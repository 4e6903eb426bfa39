using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using FluentValidation;

namespace Ludmin.Application.Common.Validation;

/// <summary>
/// Names the fields of this assembly's messages as on the wire (snake_case: <c>password_confirmation</c>,
/// not FluentValidation's <c>PasswordConfirmation</c> or "Password Confirmation"), in failures and in
/// messages, through FluentValidation's own resolvers.
/// </summary>
/// <remarks>
/// Set by a module initializer rather than by <c>AddApplication</c>: the resolvers are process-wide, and
/// the names are part of every validator's contract, whoever builds it (the host, the command line, a
/// unit test that news up one validator alone), so they are set before any type of this assembly is
/// used and nobody can forget to. Per-rule <c>OverridePropertyName</c> would say each name twice and
/// drift; a base class hiding <c>RuleFor</c> was what this replaced. The resolvers answer for types of
/// this assembly only and hand every other type to the ones they replaced.
/// </remarks>
internal static class WireFieldNames
{
    private static readonly Assembly Messages = typeof(WireFieldNames).Assembly;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Running unasked, before any validator of this assembly exists, is the point; it only sets two delegates.")]
    internal static void Register()
    {
        var otherPropertyNames = ValidatorOptions.Global.PropertyNameResolver;
        var otherDisplayNames = ValidatorOptions.Global.DisplayNameResolver;
        ValidatorOptions.Global.PropertyNameResolver = (type, member, expression) =>
            type.Assembly == Messages && member is not null ? ToSnakeCase(member.Name) : otherPropertyNames(type, member, expression);
        ValidatorOptions.Global.DisplayNameResolver = (type, member, expression) =>
            type.Assembly == Messages && member is not null ? ToSnakeCase(member.Name) : otherDisplayNames(type, member, expression);
    }

    /// <summary><c>PasswordConfirmation</c> → <c>password_confirmation</c>, as the API's JSON names it.</summary>
    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
