using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>
/// Turns the broken rules of a settings section into the options framework's answer. Every
/// broken rule is reported, in the order checked, so one failed start names every setting to fix.
/// </summary>
internal static class OptionsFailures
{
    public static ValidateOptionsResult From(IEnumerable<string> failures)
    {
        var broken = failures.ToList();
        return broken.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(broken);
    }
}
