namespace Ludmin.Infrastructure.Bootstrap;

/// <summary>A master to create or promote on start (<c>Ludmin:Bootstrap</c>).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Ludmin:Bootstrap";

    public string? MasterEmail { get; set; }

    /// <summary>Used only to create the master when nobody has the address; never logged.</summary>
    public string? MasterPassword { get; set; }
}
