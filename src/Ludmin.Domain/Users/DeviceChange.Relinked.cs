namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// A linked device logged in again: a new session replaces the one read. Stored only if the
    /// device still has <see cref="PreviousSession"/> and <see cref="Credentials"/> still hold.
    /// </summary>
    public sealed record Relinked : DeviceChange
    {
        internal Relinked(LinkedDevice device, SessionId previousSession, LoginCredentials credentials)
        {
            Device = device;
            PreviousSession = previousSession;
            Credentials = credentials;
        }

        /// <summary>The device as it is now, with its new session.</summary>
        public LinkedDevice Device { get; }

        /// <summary>The session the login replaced: it must still be the device's.</summary>
        public SessionId PreviousSession { get; }

        /// <summary>What the login proved; the store refuses the link once either changed.</summary>
        public LoginCredentials Credentials { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
