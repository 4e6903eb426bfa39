namespace Ludmin.Infrastructure.ResetCodes;

public enum ResetCodeDeliveryKind
{
    /// <summary>One JSON file per code in a folder that a separate sending task reads and empties.</summary>
    PickupDirectory,

    /// <summary>The code is written to the log. Development only: a code is a secret everywhere else.</summary>
    Log,
}
