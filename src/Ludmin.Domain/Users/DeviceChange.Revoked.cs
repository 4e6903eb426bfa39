namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// A reused refresh ends the session: the device is unlinked only while it still has
    /// <see cref="Session"/> (a newer login on it stands), and it is a conflict when it no longer
    /// has, so the end is recorded once.
    /// </summary>
    public sealed record Revoked : DeviceChange
    {
        internal Revoked(DeviceId deviceId, SessionId session)
        {
            DeviceId = deviceId;
            Session = session;
        }

        public DeviceId DeviceId { get; }

        /// <summary>The session ended.</summary>
        public SessionId Session { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
