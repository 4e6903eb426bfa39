using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Ludmin.Domain.Common;

namespace Ludmin.Infrastructure.Observability;

/// <summary>
/// Times (<c>ludmin.store.call.duration</c>) and traces (a span <c>store {operation}</c>) each
/// repository operation, at the one place every call of a store passes through: the SQLite
/// database's read and write, the Mongo store's <c>RunAsync</c>. A repository method hands down
/// its repository (<see cref="Users"/>, …) and, through <c>[CallerMemberName]</c>, its own name,
/// which becomes the operation: <c>UserRepository.FindByEmailAsync</c> is
/// <c>users.find_by_email</c>. Tags carry the operation and the outcome only, never an argument
/// (ids, addresses, codes and hashes stay out). Without <see cref="OperationsMetrics"/> (a
/// database a test or a tool made by hand) only the span is made.
/// </summary>
internal sealed class StoreCalls(OperationsMetrics? metrics)
{
    /// <summary>The repository of users.</summary>
    public const string Users = "users";

    /// <summary>The repository of reset codes.</summary>
    public const string PasswordResets = "password_resets";

    /// <summary>The repository of failed-login counts.</summary>
    public const string LoginThrottles = "login_throttles";

    /// <summary>The repository of second factors.</summary>
    public const string SecondFactors = "second_factors";

    /// <summary>The repository of the open second steps of logins.</summary>
    public const string SecondFactorChallenges = "second_factor_challenges";
    /// <summary>The repository of passkeys.</summary>
    public const string Passkeys = "passkeys";

    /// <summary>The repository of WebAuthn ceremony challenges.</summary>
    public const string PasskeyChallenges = "passkey_challenges";

    private static readonly ConcurrentDictionary<(string Repository, string Method), string> Names = new();

    /// <summary>Measures nothing: for stores made where no meter exists.</summary>
    public static StoreCalls Unmeasured { get; } = new(null);

    /// <summary>Runs <paramref name="call"/> as the operation <paramref name="method"/> of <paramref name="repository"/>: one span, one measurement.</summary>
    public async Task<T> MeasureAsync<T>(string repository, string method, Func<Task<T>> call)
    {
        var operation = OperationName(repository, method);
        using var activity = InfrastructureTelemetry.Source.StartActivity($"store {operation}", ActivityKind.Client);
        activity?.SetTag("ludmin.store.operation", operation);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call();
            Finish(activity, operation, started, null);
            return result;
        }
        catch (Exception ex)
        {
            Finish(activity, operation, started, ex);
            throw;
        }
    }

    /// <summary><c>FindByEmailAsync</c> of <c>users</c> → <c>users.find_by_email</c>.</summary>
    public static string OperationName(string repository, string method) =>
        Names.GetOrAdd((repository, method), static key =>
            $"{key.Repository}.{SnakeCase(key.Method.EndsWith("Async", StringComparison.Ordinal) ? key.Method[..^"Async".Length] : key.Method)}");

    private void Finish(Activity? activity, string operation, long started, Exception? failure)
    {
        var outcome = Outcome(failure);
        metrics?.StoreCallDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", outcome));
        if (activity is null)
        {
            return;
        }

        activity.SetTag("ludmin.store.outcome", outcome);
        if (failure is not null && outcome is "unavailable" or "error")
        {
            // The kind of failure only: a message may quote the data the call was given.
            activity.SetStatus(ActivityStatusCode.Error, outcome);
            activity.SetTag("error.type", failure.GetType().FullName);
        }
    }

    /// <summary>
    /// <c>refused</c>: the store enforced a rule (a taken address); <c>conflict</c>: another
    /// write came first; <c>unavailable</c>: the store could not be reached.
    /// </summary>
    private static string Outcome(Exception? failure) => failure switch
    {
        null => "ok",
        ConcurrencyException => "conflict",
        DomainException domain when domain.Error == Errors.StoreUnavailable => "unavailable",
        DomainException => "refused",
        OperationCanceledException => "cancelled",
        _ => "error",
    };

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
