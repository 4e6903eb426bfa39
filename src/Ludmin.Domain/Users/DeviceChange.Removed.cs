namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// A device was unlinked: a logout, or the least recently used one making room. Unconditional:
    /// an unlinked device stays unlinked whoever else wrote meanwhile.
    /// </summary>
    public sealed record Removed : DeviceChange
    {
        internal Removed(DeviceId deviceId) => DeviceId = deviceId;

        public DeviceId DeviceId { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
