namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// Which engine computes which hash. Every hash goes to libsodium when it is loaded and can
/// compute that hash, and to Konscious otherwise: a stored hash libsodium cannot do (more than
/// one lane, another salt length) still verifies, on the managed engine, and is then rehashed
/// at the current parameters as any outdated hash is.
/// </summary>
internal sealed class Argon2EngineSelection
{
    private Argon2EngineSelection(IArgon2Engine? native, IArgon2Engine managed, IArgon2Engine forNewHashes, string reason, bool fellBack = false)
    {
        Native = native;
        Managed = managed;
        ForNewHashes = forNewHashes;
        Reason = reason;
        FellBack = fellBack;
    }

    /// <summary>Null when the option says Managed or libsodium did not load.</summary>
    public IArgon2Engine? Native { get; }

    public IArgon2Engine Managed { get; }

    /// <summary>The engine that hashes at the configured parameters: the one the start log names.</summary>
    public IArgon2Engine ForNewHashes { get; }

    /// <summary>Why that engine, in words for the start log.</summary>
    public string Reason { get; }

    /// <summary>Whether Auto settled on the managed engine although native hashing was wanted.</summary>
    public bool FellBack { get; }

    /// <exception cref="InvalidOperationException">The option says Native and libsodium cannot do the configured hashes here.</exception>
    public static Argon2EngineSelection Choose(Argon2Engine option, Argon2Parameters configured, int saltLength, int hashLength, INativeArgon2Loader loader, IArgon2Engine managed)
    {
        if (option == Argon2Engine.Managed)
        {
            return new(null, managed, managed, "Engine is Managed");
        }

        if (!loader.TryLoad(out var native, out var failure))
        {
            return option == Argon2Engine.Native
                ? throw new InvalidOperationException($"Ludmin:Passwords:Argon2:Engine is Native, but {failure}. Set it to Auto or Managed to hash in managed code (about 7x slower).")
                : new(null, managed, managed, $"Auto, and {failure}", fellBack: true);
        }

        if (native.WhyNot(configured, saltLength, hashLength) is { } reason)
        {
            return option == Argon2Engine.Native
                ? throw new InvalidOperationException($"Ludmin:Passwords:Argon2:Engine is Native, but the configured Argon2 parameters cannot be computed natively: {reason}. Change Ludmin:Passwords:Argon2, or set the engine to Auto or Managed.")
                : new(native, managed, managed, $"Auto, and {reason}; stored hashes it can compute still run on {native.Library}", fellBack: true);
        }

        return new(native, managed, native, option == Argon2Engine.Native ? "Engine is Native" : "Auto, and the native library loaded");
    }

    public IArgon2Engine For(Argon2Parameters parameters, int saltLength, int hashLength) =>
        Native is not null && Native.WhyNot(parameters, saltLength, hashLength) is null ? Native : Managed;
}
