namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// A replaced token used the refresh grace: the session's grace marker
    /// (<see cref="LinkedDevice.GraceGeneration"/>) is stored only while the device still has
    /// <see cref="Session"/> at <see cref="ExpectedGeneration"/>, the rotation's own guard, so a use
    /// is counted before the next rotation can happen; a rotation meanwhile is a conflict.
    /// </summary>
    public sealed record GraceUsed : DeviceChange
    {
        internal GraceUsed(LinkedDevice device, SessionId session, long expectedGeneration)
        {
            Device = device;
            Session = session;
            ExpectedGeneration = expectedGeneration;
        }

        /// <summary>The device as it is now, its grace marker at its current generation.</summary>
        public LinkedDevice Device { get; }

        /// <summary>The session refreshed.</summary>
        public SessionId Session { get; }

        /// <summary>The generation the session must still be at.</summary>
        public long ExpectedGeneration { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
