namespace Ludmin.Application.Users.PromoteMaster;

/// <summary>Who asks for a master, which decides what may be promoted.</summary>
public enum MasterPromotion
{
    /// <summary>
    /// An operator with access to the store (the <c>promote</c> command line): promotes whoever
    /// holds the address now, no password asked; with a password, creates the master when nobody does.
    /// </summary>
    Operator,

    /// <summary>
    /// The start-up settings (<c>Ludmin:Bootstrap</c>), which stay set and would otherwise promote
    /// whoever holds the address at the next start: only a store with no master at all gets one,
    /// and an existing account only when the configured password verifies against its own.
    /// </summary>
    Bootstrap,
}
