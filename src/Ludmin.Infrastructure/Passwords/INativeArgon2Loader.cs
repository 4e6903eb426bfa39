using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>Loads the native Argon2 engine; a seam so that tests can play a host where it does not load.</summary>
internal interface INativeArgon2Loader
{
    /// <summary>The engine, or false with why it cannot run here (for the start log or error).</summary>
    bool TryLoad([NotNullWhen(true)] out IArgon2Engine? engine, [NotNullWhen(false)] out string? failure);
}
