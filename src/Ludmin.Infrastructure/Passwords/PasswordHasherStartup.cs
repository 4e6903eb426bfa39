using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// Builds the hasher at start rather than on the first login: the log names the engine before
/// any request, the first hash estimate is measured, and an impossible Native setting stops
/// the start instead of failing every login.
/// </summary>
internal sealed class PasswordHasherStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<Argon2PasswordHasher>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
