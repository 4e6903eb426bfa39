namespace Ludmin.Application.Common.Ports;

/// <summary>
/// Makes recovery codes and keeps only a keyed hash of them, as reset codes are kept, so a stolen
/// database holds no usable code. The hashes go into <see cref="Ludmin.Domain.SecondFactors.RecoveryCodes"/>.
/// </summary>
public interface IRecoveryCodeProtector
{
    /// <summary>
    /// A new set of <see cref="Ludmin.Domain.SecondFactors.RecoveryCodes.SetSize"/> distinct codes, each
    /// at least 60 bits from a cryptographic random source, shaped for people to copy (<c>xxxx-xxxx-xxxx</c>).
    /// </summary>
    IReadOnlyList<string> NewCodes();

    /// <summary>
    /// The keyed hash of a code as a person typed it: case, spaces and dashes do not matter, nor
    /// letters mistaken for the digits they look like. Any text hashes; a wrong one just matches nothing.
    /// </summary>
    string Hash(string code);
}
