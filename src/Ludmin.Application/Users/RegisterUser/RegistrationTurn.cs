namespace Ludmin.Application.Users.RegisterUser;

/// <summary>An address's line in <see cref="RegistrationTurns"/>; disposing it hands the turn to the next in line.</summary>
internal sealed class RegistrationTurn(RegistrationTurns owner, string addressKey) : IDisposable
{
    public string AddressKey { get; } = addressKey;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Registrations holding or waiting for this line; guarded by the owner's lock.</summary>
    public int Holders { get; set; }

    public void Dispose()
    {
        Gate.Release();
        owner.Leave(this);
    }
}
