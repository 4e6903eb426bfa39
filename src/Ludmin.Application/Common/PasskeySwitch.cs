using Ludmin.Application.Common.Options;
using Ludmin.Domain.Common;

namespace Ludmin.Application.Common;

/// <summary>Whether passkeys are configured: every passkey use case asks first, so an unconfigured server answers 404 <c>passkeys_disabled</c> whoever sends.</summary>
internal static class PasskeySwitch
{
    public static void EnsureEnabled(PasskeyOptions options)
    {
        if (!options.Enabled)
        {
            throw new DomainException(Errors.PasskeysDisabled);
        }
    }
}
