namespace Ludmin.Domain.Users;

public abstract partial record DeviceChange
{
    /// <summary>
    /// Every device but one (or all) was unlinked, together with a password write: part of that
    /// write (guarded by the version like it), and removes devices linked since the read too.
    /// </summary>
    public sealed record RemovedAllBut : DeviceChange
    {
        internal RemovedAllBut(DeviceId? kept) => Kept = kept;

        /// <summary>The device that stays linked (the one that changed the password), or none after a reset.</summary>
        public DeviceId? Kept { get; }

        public override TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor) => visitor.Visit(this);
    }
}
