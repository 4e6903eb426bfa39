using System.Linq.Expressions;
using System.Text;
using FluentValidation;

namespace Ludmin.Application.Common.Validation;

/// <summary>
/// A validator whose field names, in failures and in messages, are the wire names (snake_case),
/// whoever sent the message. Each rule is named as it is made, so nothing is set process-wide
/// (FluentValidation's <c>ValidatorOptions.Global</c> stays as the library ships it) and a
/// validator built on its own, in a test, names its fields as in production.
/// </summary>
public abstract class WireNamedValidator<T> : AbstractValidator<T>
{
    /// <summary>Hides <see cref="AbstractValidator{T}.RuleFor{TProperty}"/>, so every validator's rules get wire names.</summary>
    protected new IRuleBuilderInitial<T, TProperty> RuleFor<TProperty>(Expression<Func<T, TProperty>> expression) =>
        base.RuleFor(expression).Configure(rule =>
        {
            // A rule on the whole message (no member) is named where it is written.
            if (rule.Member is { } member)
            {
                rule.PropertyName = ToSnakeCase(member.Name);
                rule.SetDisplayName(rule.PropertyName);
            }
        });

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
