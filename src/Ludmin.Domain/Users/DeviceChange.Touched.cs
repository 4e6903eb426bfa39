namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// A session was used (a refresh): its <c>last_used</c> moves on. A plain touch is applied only
    /// while <see cref="Session"/> lives and is never a conflict (a touch of an ended session
    /// changes nothing). A touch that answers a refresh within the grace carries
    /// <see cref="ExpectedGeneration"/> and is stored under the rotation's own guard: a rotation
    /// or an end meanwhile is a conflict, and the refresh reads again and decides anew (a token two
    /// generations behind is then reuse), so it never hands out a generation already replaced.
    /// </summary>
    public sealed record Touched : DeviceChange
    {
        internal Touched(LinkedDevice device, long? expectedGeneration = null)
        {
            Device = device;
            Session = device.SessionId;
            ExpectedGeneration = expectedGeneration;
        }

        /// <summary>The device as it is now.</summary>
        public LinkedDevice Device { get; }

        /// <summary>The session touched, as it was when touched.</summary>
        public SessionId Session { get; }

        /// <summary>The generation the session must still be at (a refresh within the grace), or null for a plain touch.</summary>
        public long? ExpectedGeneration { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
