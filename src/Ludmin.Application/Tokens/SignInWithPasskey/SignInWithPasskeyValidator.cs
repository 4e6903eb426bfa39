using FluentValidation;
using Ludmin.Application.Common.Validation;

namespace Ludmin.Application.Tokens.SignInWithPasskey;

internal sealed class SignInWithPasskeyValidator : AbstractValidator<SignInWithPasskeyCommand>
{
    public SignInWithPasskeyValidator()
    {
        RuleFor(c => c.Credential).WebAuthnCredential();
        RuleFor(c => c.Description).ValidDeviceDescription();
    }
}
