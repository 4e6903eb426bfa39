namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>An scrypt hash: N = 2^<see cref="LogN"/>, block size r, parallelism p.</summary>
internal sealed record ScryptHash(int LogN, int BlockSize, int Parallelism, byte[] Salt, byte[] Expected)
    : ForeignHash(ForeignHashFormat.PasslibScrypt)
{
    /// <summary>What scrypt fills and reads back: 128 · r · N bytes, in KiB.</summary>
    public long MemoryKiB => 128L * BlockSize * (1L << LogN) / 1024;
}
