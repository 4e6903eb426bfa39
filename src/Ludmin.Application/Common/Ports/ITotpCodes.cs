using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>
/// RFC 6238 time-based one-time codes as authenticator apps make them: SHA-1, 6 digits, 30-second
/// steps, one step either side for clocks that drift. Which step a code matched is what makes a
/// code usable once (<see cref="Ludmin.Domain.SecondFactors.TotpFactor.Accept"/>).
/// </summary>
public interface ITotpCodes
{
    /// <summary>A new 160-bit secret from a cryptographic random source, with its otpauth URI labelled <c>issuer:account</c>.</summary>
    NewTotpSecret NewSecret(EmailAddress account);

    /// <summary>
    /// The time step (Unix seconds / 30) whose code <paramref name="code"/> is, among the step of
    /// <paramref name="now"/> and the one before and after it; none for a wrong code or one that is
    /// not six digits (spaces between them are allowed, as apps show them).
    /// </summary>
    long? MatchStep(ReadOnlySpan<byte> secret, string code, DateTimeOffset now);
}
