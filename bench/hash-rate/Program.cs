// Argon2id hashes a second and nothing else: LANES threads, each hashing in a loop for SECONDS
// (after a warm-up), on one engine:
//   libargon2  the reference implementation (the system's libargon2.so.1), through argon2_ctx with
//              allocate_cbk/free_cbk handing each thread the same buffer every time: memory
//              reused between hashes, the machine's raw rate (bench/compare.sh's hash bound)
//   libargon2-fresh  the same, with its memory allocated and freed every hash (run it with
//              MALLOC_MMAP_THRESHOLD_=131072 to have it mapped and unmapped every hash, as libsodium does)
//   libsodium  crypto_pwhash, as Ludmin hashes today: it maps and unmaps its memory every hash
//   konscious  Konscious.Security.Cryptography.Argon2 (Ludmin's managed fallback)
//   isopoh     Isopoh.Cryptography.Argon2 (managed)
// Usage: HashRate ENGINE [--lanes N] [--seconds S] [--memory-kib M] [--iterations T] [--parallelism P]
//        HashRate check [--count N]   libargon2 against libsodium on N random inputs, byte for byte
// Prints: RESULT engine=E lanes=N hashes=H rate=R ms_per_hash=X
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using HashRate;

var engine = args.Length > 0 ? args[0] : "libargon2";
int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
}

var lanes = Option("--lanes", 1);
var seconds = Option("--seconds", 5);
var memoryKiB = Option("--memory-kib", 19456);
var iterations = Option("--iterations", 2);
var parallelism = Option("--parallelism", 1);

if (engine == "check")
{
    return Engines.Check(Option("--count", 200));
}

Func<byte[], byte[], byte[]> hash = engine switch
{
    "libargon2" => (p, s) => Engines.Reference(p, s, iterations, memoryKiB, parallelism),
    "libargon2-fresh" => (p, s) => Engines.Reference(p, s, iterations, memoryKiB, parallelism, fresh: true),
    "libsodium" => (p, s) => Engines.Sodium(p, s, iterations, memoryKiB, parallelism),
    "konscious" => (p, s) => Engines.Konscious(p, s, iterations, memoryKiB, parallelism),
    "isopoh" => (p, s) => Engines.Isopoh(p, s, iterations, memoryKiB, parallelism),
    _ => throw new ArgumentException($"unknown engine {engine}"),
};

var stop = 0L;
var counts = new long[lanes];
var threads = Enumerable.Range(0, lanes).Select(lane => new Thread(() =>
{
    var password = RandomNumberGenerator.GetBytes(16);
    var salt = RandomNumberGenerator.GetBytes(16);
    for (var i = 0; i < 2; i++)
    {
        hash(password, salt); // warm-up: code compiled, memory faulted in
    }

    Interlocked.Increment(ref stop);
    while (Interlocked.Read(ref stop) < lanes)
    {
        Thread.SpinWait(100);
    }

    var until = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
    while (Stopwatch.GetTimestamp() < until)
    {
        hash(password, salt);
        counts[lane]++;
    }
}) { IsBackground = true }).ToList();
threads.ForEach(t => t.Start());
threads.ForEach(t => t.Join());
var total = counts.Sum();
var rate = total / (double)seconds;
Console.WriteLine(FormattableString.Invariant(
    $"RESULT engine={engine} lanes={lanes} m={memoryKiB} t={iterations} p={parallelism} hashes={total} rate={rate:F1} ms_per_hash={lanes * 1000.0 / rate:F1}"));
return 0;

namespace HashRate
{
    internal static unsafe class Engines
    {
        [ThreadStatic] private static byte* buffer;
        [ThreadStatic] private static nuint bufferSize;
        [ThreadStatic] private static bool freeEveryHash;

        public static byte[] Reference(byte[] password, byte[] salt, int iterations, int memoryKiB, int parallelism, bool fresh = false)
        {
            freeEveryHash = fresh;
            var output = new byte[32];
            fixed (byte* o = output, p = password, s = salt)
            {
                var context = new Argon2Context
                {
                    Out = o, OutLength = 32, Password = p, PasswordLength = (uint)password.Length,
                    Salt = s, SaltLength = (uint)salt.Length, TimeCost = (uint)iterations, MemoryCost = (uint)memoryKiB,
                    Lanes = (uint)parallelism, Threads = (uint)parallelism, Version = 0x13,
                    Allocate = &Allocate, Free = &Free,
                };
                var result = Native.argon2_ctx(&context, 2);
                if (result != 0)
                {
                    throw new InvalidOperationException($"argon2_ctx: {result}");
                }
            }

            return output;
        }

        public static byte[] Sodium(byte[] password, byte[] salt, int iterations, int memoryKiB, int parallelism)
        {
            if (parallelism != 1)
            {
                throw new ArgumentException("libsodium computes one lane only");
            }

            _ = Native.sodium_init();
            var output = new byte[32];
            if (Native.crypto_pwhash(output, 32, password, (ulong)password.Length, salt, (ulong)iterations, (nuint)memoryKiB * 1024, 2) != 0)
            {
                throw new InvalidOperationException("crypto_pwhash failed");
            }

            return output;
        }

        public static byte[] Konscious(byte[] password, byte[] salt, int iterations, int memoryKiB, int parallelism)
        {
            using var argon2 = new Konscious.Security.Cryptography.Argon2id(password)
            {
                Salt = salt, Iterations = iterations, MemorySize = memoryKiB, DegreeOfParallelism = parallelism,
            };
            return argon2.GetBytes(32);
        }

        public static byte[] Isopoh(byte[] password, byte[] salt, int iterations, int memoryKiB, int parallelism)
        {
            var config = new global::Isopoh.Cryptography.Argon2.Argon2Config
            {
                Type = global::Isopoh.Cryptography.Argon2.Argon2Type.HybridAddressing,
                Version = global::Isopoh.Cryptography.Argon2.Argon2Version.Nineteen,
                TimeCost = iterations, MemoryCost = memoryKiB, Lanes = parallelism, Threads = parallelism,
                Password = password, Salt = salt, HashLength = 32,
            };
            using var argon2 = new global::Isopoh.Cryptography.Argon2.Argon2(config);
            using var hash = argon2.Hash();
            return hash.Buffer.ToArray();
        }

        /// <summary>libargon2 and libsodium on random inputs (passwords 0-64 bytes, m 8-2048 KiB, t 1-4), byte for byte.</summary>
        public static int Check(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var password = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 65));
                var salt = RandomNumberGenerator.GetBytes(16);
                var memory = RandomNumberGenerator.GetInt32(8, 2049);
                var passes = RandomNumberGenerator.GetInt32(1, 5);
                var reference = Reference(password, salt, passes, memory, 1);
                var sodium = Sodium(password, salt, passes, memory, 1);
                if (!reference.AsSpan().SequenceEqual(sodium))
                {
                    Console.WriteLine($"DIFFERENT m={memory} t={passes} password={Convert.ToHexString(password)} salt={Convert.ToHexString(salt)}");
                    return 1;
                }
            }

            Console.WriteLine($"SAME {count} of {count}");
            return 0;
        }

        // The same buffer for every hash of a thread; grown when a hash needs more.
        [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
        private static int Allocate(byte** memory, nuint bytes)
        {
            if (bufferSize < bytes)
            {
                NativeMemory.AlignedFree(buffer);
                buffer = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
                bufferSize = bytes;
            }

            *memory = buffer;
            return 0;
        }

        [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
        private static void Free(byte* memory, nuint bytes)
        {
            // Kept for the thread's next hash, unless every hash is to pay for its memory.
            if (freeEveryHash)
            {
                NativeMemory.AlignedFree(buffer);
                buffer = null;
                bufferSize = 0;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct Argon2Context
    {
        public byte* Out;
        public uint OutLength;
        public byte* Password;
        public uint PasswordLength;
        public byte* Salt;
        public uint SaltLength;
        public byte* Secret;
        public uint SecretLength;
        public byte* AssociatedData;
        public uint AssociatedDataLength;
        public uint TimeCost;
        public uint MemoryCost;
        public uint Lanes;
        public uint Threads;
        public uint Version;
        public delegate* unmanaged[Cdecl]<byte**, nuint, int> Allocate;
        public delegate* unmanaged[Cdecl]<byte*, nuint, void> Free;
        public uint Flags;
    }

    internal static unsafe partial class Native
    {
        [LibraryImport("libargon2.so.1")]
        internal static partial int argon2_ctx(Argon2Context* context, int type);

        [LibraryImport("libsodium")]
        internal static partial int sodium_init();

        [LibraryImport("libsodium")]
        internal static partial int crypto_pwhash(byte[] output, ulong outputLength, byte[] password, ulong passwordLength, byte[] salt, ulong opsLimit, nuint memLimit, int algorithm);
    }
}
