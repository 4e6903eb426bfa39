namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// A session was used (a refresh): its <c>last_used</c> moves on. Applied only
    /// while <see cref="Session"/> lives; never a conflict (a touch of an ended session changes nothing).
    /// </summary>
    public sealed record Touched : DeviceChange
    {
        internal Touched(LinkedDevice device)
        {
            Device = device;
            Session = device.SessionId;
        }

        /// <summary>The device as it is now.</summary>
        public LinkedDevice Device { get; }

        /// <summary>The session touched, as it was when touched.</summary>
        public SessionId Session { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
