namespace Ludmin.Application.Common.Ports;

/// <summary>Hands a reset code to whatever sends it to the user (Ludmin itself sends no email).</summary>
public interface IResetCodeDelivery
{
    ValueTask DeliverAsync(ResetCodeMessage message, CancellationToken cancellationToken);
}
