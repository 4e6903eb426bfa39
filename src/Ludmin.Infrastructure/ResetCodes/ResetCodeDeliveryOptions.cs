using Ludmin.Infrastructure.ResetCodes.Sending;

namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>Where reset codes go (<c>Ludmin:ResetCodes</c>), beside the lifetime and attempts the application reads.</summary>
public sealed class ResetCodeDeliveryOptions
{
    public const string Section = "Ludmin:ResetCodes";

    public ResetCodeDeliveryKind Delivery { get; set; } = ResetCodeDeliveryKind.PickupDirectory;

    /// <summary>The folder the sending task reads, one JSON file per code; relative paths are under the data folder.</summary>
    public string PickupDirectory { get; set; } = "reset-codes";

    /// <summary>How the sender mails the pickup files (<c>Ludmin:ResetCodes:Smtp</c>): by the API when <see cref="Delivery"/> is Smtp, or by <c>send-codes</c>.</summary>
    public SmtpSenderOptions Smtp { get; set; } = new();
}
