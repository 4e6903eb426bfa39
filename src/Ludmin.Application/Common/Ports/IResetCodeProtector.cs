namespace Ludmin.Application.Common.Ports;

/// <summary>Makes reset codes and keeps only a keyed hash of them, so a stolen database holds no usable code.</summary>
public interface IResetCodeProtector
{
    /// <summary>A new code of the configured number of digits, from a cryptographic random source.</summary>
    string NewCode();

    string Hash(string code);

    /// <summary>Compares in constant time.</summary>
    bool Matches(string code, string codeHash);
}
