using FluentValidation;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Validation;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Tokens.Login;

internal sealed class LoginValidator : InputParser<LoginInput, LoginCommand>
{
    private static readonly Parsed<EmailAddress> ParsedEmail = new(nameof(LoginInput.Email));
    private static readonly Parsed<DeviceDescription> ParsedDescription = new(nameof(LoginInput.Description));

    public LoginValidator(PasswordOptions passwords)
    {
        RuleFor(c => c.Email).ValidEmail(ParsedEmail);
        RuleFor(c => c.Password).OfferedPassword(passwords);
        RuleFor(c => c.Description)
            .Must((_, text, context) => DeviceDescription.TryCreate(text, out var description) && ParsedDescription.Keep(context, description))
            .WithMessage($"'{{PropertyName}}' must be at most {DeviceDescription.MaxLength} characters without control characters.");
    }

    protected override LoginCommand ToCommand(LoginInput input, IValidationContext validated)
    {
        // None sent, null or blank all parse as the empty description: the command says "keep the one it had".
        var description = ParsedDescription.From(validated);
        return new LoginCommand(
            input.Caller,
            ParsedEmail.From(validated),
            Required(input.Password, nameof(input.Password)),
            description == DeviceDescription.Empty ? null : description);
    }
}
