using Ludmin.Domain.PasswordResets;

namespace Ludmin.Infrastructure.Storage.Copying;

/// <summary>What a target did with a page of reset codes, beyond storing them.</summary>
/// <param name="KeptNewer">Codes not written because the target holds a code of that user issued later.</param>
/// <param name="Spent">
/// Codes an earlier copy gave the target that it no longer holds (consumed, or expired and
/// removed there): not written again, since that would make a spent code usable.
/// </param>
internal sealed record ResetPageOutcome(int KeptNewer, IReadOnlyList<PasswordReset> Spent);
