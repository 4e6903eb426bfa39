using System.Threading.Channels;
using Ludmin.Application.Common.Ports;

namespace Ludmin.Infrastructure.ResetCodes;

/// <summary>
/// The reset requests answered and not yet worked on, in this process (<see cref="ResetRequestWorker"/>
/// empties it). Bounded, so a flood of requests cannot grow memory: past <see cref="Capacity"/>
/// waiting, a request is refused as busy, whatever its address.
/// </summary>
internal sealed class ResetRequestQueue : IResetRequestQueue
{
    public const int Capacity = 1024;

    private readonly Channel<QueuedResetRequest> _channel = Channel.CreateBounded<QueuedResetRequest>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<QueuedResetRequest> Reader => _channel.Reader;

    public bool TryEnqueue(QueuedResetRequest request) => _channel.Writer.TryWrite(request);

    /// <summary>No more requests: the worker finishes those waiting and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
