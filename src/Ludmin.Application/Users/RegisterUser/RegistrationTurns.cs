namespace Ludmin.Application.Users.RegisterUser;

/// <summary>
/// One registration at a time per address in this instance. A burst of registrations of one
/// address would otherwise all find it free at once and all hash, filling the hashing lanes
/// (and answering 503 <c>server_busy</c>) for requests that can only end in 409; in line, the
/// first hashes and stores, and the rest find the address taken and are refused without a hash.
/// Only an economy: across instances the store's unique index still decides.
/// </summary>
internal sealed class RegistrationTurns
{
    private readonly Dictionary<string, RegistrationTurn> _turns = new(StringComparer.Ordinal);

    /// <summary>Waits until no other registration of this address key runs here; dispose the turn to end it.</summary>
    public async ValueTask<RegistrationTurn> TakeAsync(string addressKey, CancellationToken cancellationToken)
    {
        RegistrationTurn turn;
        lock (_turns)
        {
            if (!_turns.TryGetValue(addressKey, out turn!))
            {
                turn = new RegistrationTurn(this, addressKey);
                _turns.Add(addressKey, turn);
            }

            turn.Holders++;
        }

        try
        {
            await turn.Gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Leave(turn);
            throw;
        }

        return turn;
    }

    /// <summary>The last one to leave an address's line removes it, so the table holds only addresses being registered.</summary>
    internal void Leave(RegistrationTurn turn)
    {
        lock (_turns)
        {
            if (--turn.Holders == 0)
            {
                _turns.Remove(turn.AddressKey);
                turn.Gate.Dispose();
            }
        }
    }
}
