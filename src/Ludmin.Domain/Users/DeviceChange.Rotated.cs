namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// A refresh moved the session to its next generation. Stored only while the device still has
    /// <see cref="Session"/> at <see cref="ExpectedGeneration"/>: of two refreshes racing with the
    /// same token, one wins and the other is a conflict.
    /// </summary>
    public sealed record Rotated : DeviceChange
    {
        internal Rotated(LinkedDevice device, SessionId session, long expectedGeneration, DateTimeOffset rotatedAt)
        {
            Device = device;
            Session = session;
            ExpectedGeneration = expectedGeneration;
            RotatedAt = rotatedAt;
        }

        /// <summary>The device as it is now, at its next generation.</summary>
        public LinkedDevice Device { get; }

        /// <summary>The session refreshed.</summary>
        public SessionId Session { get; }

        /// <summary>The generation the session must still be at (the compare-and-set two racing refreshes meet at).</summary>
        public long ExpectedGeneration { get; }

        /// <summary>When the session moved to its new generation (the start of the old one's grace).</summary>
        public DateTimeOffset RotatedAt { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
