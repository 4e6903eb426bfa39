namespace Ludmin.Application.Common.Ports;

/// <summary>
/// Reset requests waiting for their work (look the address up, store or find a code, deliver
/// it), done after the request was answered: the answer then takes the same time whether or
/// not the address has an account. Bounded; each instance holds its own.
/// </summary>
public interface IResetRequestQueue
{
    /// <summary>False when the queue is full; the request must then be refused (alike for every address).</summary>
    bool TryEnqueue(QueuedResetRequest request);
}
