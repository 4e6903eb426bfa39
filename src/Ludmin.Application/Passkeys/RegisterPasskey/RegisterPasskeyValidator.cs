using FluentValidation;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Passkeys.RegisterPasskey;

internal sealed class RegisterPasskeyValidator : AbstractValidator<RegisterPasskeyCommand>
{
    public RegisterPasskeyValidator()
    {
        RuleFor(c => c.Name).ValidPasskeyName();
        RuleFor(c => c.Credential).WebAuthnCredential();
    }
}
