namespace Ludmin.Infrastructure.Passwords;

/// <summary>One implementation of Argon2id (version 19) without secret or associated data.</summary>
internal interface IArgon2Engine
{
    /// <summary>As the option names it: Native or Managed.</summary>
    Argon2Engine Kind { get; }

    /// <summary>The library behind it, for the start log.</summary>
    string Library { get; }

    /// <summary>Null when this engine can compute such a hash, else why not (for logs and start errors).</summary>
    string? WhyNot(Argon2Parameters parameters, int saltLength, int hashLength);

    /// <summary>Blocks the calling thread for the whole hash: call it on a hashing worker.</summary>
    byte[] Compute(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength);
}
