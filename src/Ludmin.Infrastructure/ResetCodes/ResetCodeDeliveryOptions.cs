namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>Where reset codes go (<c>Ludmin:ResetCodes</c>), beside the lifetime and attempts the application reads.</summary>
public sealed class ResetCodeDeliveryOptions
{
    public const string Section = "Ludmin:ResetCodes";

    public ResetCodeDeliveryKind Delivery { get; set; } = ResetCodeDeliveryKind.PickupDirectory;

    /// <summary>The folder the sending task reads, one JSON file per code; relative paths are under the data folder.</summary>
    public string PickupDirectory { get; set; } = "reset-codes";
}
