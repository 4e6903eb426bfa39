namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// A factor's secret as the store keeps it: encrypted by the Infrastructure's sealer, opaque to
/// the domain. A read of the store alone does not yield the secret. Never logged.
/// </summary>
public sealed class SealedSecret : IEquatable<SealedSecret>
{
    private readonly byte[] _bytes;

    private SealedSecret(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A copy of the bytes, for a store to write; the value itself stays unchangeable.</summary>
    public byte[] ToArray() => [.. _bytes];

    public static SealedSecret FromStored(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new ArgumentException("A sealed secret holds some bytes.", nameof(bytes));
        }

        return new SealedSecret(bytes.ToArray());
    }

    public bool Equals(SealedSecret? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as SealedSecret);

    public override int GetHashCode() => _bytes.Length;

    /// <summary>Keeps the ciphertext out of logs and debugger views by accident.</summary>
    public override string ToString() => "SealedSecret(***)";
}
