using System.Diagnostics.CodeAnalysis;
using Ludmin.Infrastructure.Passwords;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>libsodium's engine, counting the Argon2id hashes it computes and with which parameters.</summary>
internal sealed class CountingArgon2Loader : INativeArgon2Loader
{
    private readonly List<Argon2Parameters> _computed = [];

    public IReadOnlyList<Argon2Parameters> Computed
    {
        get
        {
            lock (_computed)
            {
                return [.. _computed];
            }
        }
    }

    public void Forget()
    {
        lock (_computed)
        {
            _computed.Clear();
        }
    }

    public bool TryLoad([NotNullWhen(true)] out IArgon2Engine? engine, [NotNullWhen(false)] out string? failure)
    {
        if (!new LibsodiumLoader().TryLoad(out var native, out failure))
        {
            engine = null;
            return false;
        }

        engine = new Counting(native, this);
        return true;
    }

    private sealed class Counting(IArgon2Engine inner, CountingArgon2Loader counts) : IArgon2Engine
    {
        public Argon2Engine Kind => inner.Kind;

        public string Library => inner.Library;

        public string? WhyNot(Argon2Parameters parameters, int saltLength, int hashLength) => inner.WhyNot(parameters, saltLength, hashLength);

        public byte[] Compute(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength)
        {
            lock (counts._computed)
            {
                counts._computed.Add(parameters);
            }

            return inner.Compute(password, salt, parameters, hashLength);
        }
    }
}
