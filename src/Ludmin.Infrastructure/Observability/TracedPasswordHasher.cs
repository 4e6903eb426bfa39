using System.Diagnostics;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Observability;

/// <summary>
/// A span around each hash, verification and simulated verification, outside the hasher: the
/// span shows the queueing and the work together, as a request meets them. Its tags say which
/// of the three it was and how it ended; never the password or the hash.
/// </summary>
internal sealed class TracedPasswordHasher(IPasswordHasher inner) : IPasswordHasher
{
    public async ValueTask<PasswordHash> HashAsync(string password, CancellationToken cancellationToken)
    {
        using var activity = Start("hash");
        try
        {
            var hash = await inner.HashAsync(password, cancellationToken);
            activity?.SetTag("ludmin.hash.outcome", "ok");
            return hash;
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    public async ValueTask<PasswordVerification> VerifyAsync(string password, PasswordHash hash, CancellationToken cancellationToken)
    {
        using var activity = Start("verify");
        try
        {
            var verification = await inner.VerifyAsync(password, hash, cancellationToken);
            activity?.SetTag("ludmin.hash.outcome", "ok");
            return verification;
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    public async ValueTask SimulateVerifyAsync(string password, CancellationToken cancellationToken)
    {
        using var activity = Start("simulate_verify");
        try
        {
            await inner.SimulateVerifyAsync(password, cancellationToken);
            activity?.SetTag("ludmin.hash.outcome", "ok");
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    private static Activity? Start(string operation)
    {
        var activity = InfrastructureTelemetry.Source.StartActivity($"password_hash {operation}", ActivityKind.Internal);
        activity?.SetTag("ludmin.hash.operation", operation);
        return activity;
    }

    /// <summary>Tags the span with the kind of failure (a full queue is a <c>server_busy</c> domain error); never rethrows itself.</summary>
    private static bool Failed(Activity? activity, Exception failure)
    {
        if (activity is not null)
        {
            var refused = failure is Ludmin.Domain.Common.DomainException { Error.Code: "server_busy" };
            activity.SetTag("ludmin.hash.outcome", refused ? "refused" : failure is OperationCanceledException ? "cancelled" : "error");
            activity.SetTag("error.type", failure.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, refused ? "refused" : "failed");
        }

        return false;
    }
}
