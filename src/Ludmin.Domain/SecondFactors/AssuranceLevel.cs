namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// The authenticator assurance level of a session (the <c>aal</c> claim, after NIST SP 800-63B):
/// what a token's holder proved at login. The numbers are the claim's values.
/// </summary>
public enum AssuranceLevel
{
    /// <summary>A password alone.</summary>
    Single = 1,

    /// <summary>A password and a second factor.</summary>
    Multiple = 2,
}
