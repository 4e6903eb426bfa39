namespace Ludmin.Application.Common.Ports;

/// <summary>
/// Makes reset codes and keeps them only as a keyed hash (to check a try) and sealed under a
/// server key (to send the same code again), so a stolen database holds no usable code.
/// </summary>
public interface IResetCodeProtector
{
    /// <summary>A new code of the configured number of digits, from a cryptographic random source.</summary>
    string NewCode();

    string Hash(string code);

    /// <summary>Compares in constant time.</summary>
    bool Matches(string code, string codeHash);

    /// <summary>The code encrypted and authenticated under a key of the server's, for storing beside its hash.</summary>
    string Seal(string code);

    /// <summary>The code <paramref name="sealedCode"/> holds; null when it cannot be opened (another key, or not a sealed code).</summary>
    string? Unseal(string sealedCode);
}
