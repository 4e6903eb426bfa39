namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// A device not linked before was linked by a login. Stored only if the device is still
    /// unlinked, the user holds fewer than <see cref="User.DeviceLimit"/> devices and
    /// <see cref="Credentials"/> still hold.
    /// </summary>
    public sealed record Linked : DeviceChange
    {
        internal Linked(LinkedDevice device, LoginCredentials credentials)
        {
            Device = device;
            Credentials = credentials;
        }

        /// <summary>The device as it is now.</summary>
        public LinkedDevice Device { get; }

        /// <summary>What the login proved; the store refuses the link once either changed.</summary>
        public LoginCredentials Credentials { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
