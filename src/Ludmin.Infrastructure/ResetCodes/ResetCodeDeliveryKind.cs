namespace Ludmin.Infrastructure.ResetCodes;

public enum ResetCodeDeliveryKind
{
    /// <summary>One JSON file per code in a folder that a separate sending task reads and empties.</summary>
    PickupDirectory,

    /// <summary>
    /// Pickup files as above, and a hosted sender in the API process mails each one over SMTP
    /// (<c>Ludmin:ResetCodes:Smtp</c>) and removes it. The request path still only writes the file.
    /// </summary>
    Smtp,

    /// <summary>The code is written to the log. Development only: a code is a secret everywhere else.</summary>
    Log,
}
