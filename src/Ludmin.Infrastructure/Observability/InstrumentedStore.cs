using System.Diagnostics;
using System.Reflection;
using Ludmin.Domain.Common;

namespace Ludmin.Infrastructure.Observability;

/// <summary>
/// Wraps a repository so every call is timed (<c>ludmin.store.call.duration</c>) and traced
/// (a span named for the call), whatever the adapter. A <see cref="DispatchProxy"/> rather
/// than a hand-written decorator per interface: the repositories' methods change as the store
/// grows, and a proxy measures each new one without being edited. Tags carry the operation and
/// the outcome only, never an argument (ids, addresses, codes and hashes stay out). Not sealed:
/// DispatchProxy generates the proxy as a subclass.
/// </summary>
public class InstrumentedStore<T> : DispatchProxy
    where T : class
{
    private T _inner = null!;
    private OperationsMetrics _metrics = null!;
    private string _repository = null!;

    /// <summary>The adapter the proxy measures.</summary>
    public T Inner => _inner;

    public static T Wrap(T inner, OperationsMetrics metrics)
    {
        var proxy = Create<T, InstrumentedStore<T>>();
        var instrumented = (InstrumentedStore<T>)(object)proxy;
        instrumented._inner = inner;
        instrumented._metrics = metrics;
        instrumented._repository = RepositoryName(typeof(T));
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var operation = $"{_repository}.{OperationName(targetMethod.Name)}";
        var parent = Activity.Current;
        var activity = InfrastructureTelemetry.Source.StartActivity($"store {operation}", ActivityKind.Client);
        activity?.SetTag("ludmin.store.operation", operation);
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            Finish(activity, operation, started, ex.InnerException);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
        finally
        {
            // The span covers the call's own awaits (they captured it); the caller carries on under its parent.
            Activity.Current = parent;
        }

        if (result is Task task)
        {
            task.ContinueWith(
                static (t, state) =>
                {
                    var (self, activity, operation, started) = ((InstrumentedStore<T>, Activity?, string, long))state!;
                    self.Finish(activity, operation, started, t.IsCanceled ? new OperationCanceledException() : t.Exception?.InnerException);
                },
                (this, activity, operation, started),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        else
        {
            Finish(activity, operation, started, null);
        }

        return result;
    }

    private void Finish(Activity? activity, string operation, long started, Exception? failure)
    {
        var outcome = Outcome(failure);
        _metrics.StoreCallDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", outcome));
        if (activity is not null)
        {
            activity.SetTag("ludmin.store.outcome", outcome);
            if (outcome is "unavailable" or "error")
            {
                // The kind of failure only: a message may quote the data the call was given.
                activity.SetStatus(ActivityStatusCode.Error, outcome);
                activity.SetTag("error.type", failure!.GetType().FullName);
            }

            activity.Stop();
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

    /// <summary><c>IUserRepository</c> → <c>users</c>, <c>IPasswordResetRepository</c> → <c>password_resets</c>.</summary>
    private static string RepositoryName(Type type)
    {
        var name = type.Name;
        if (name.StartsWith('I'))
        {
            name = name[1..];
        }

        if (name.EndsWith("Repository", StringComparison.Ordinal))
        {
            name = name[..^"Repository".Length];
        }

        return SnakeCase(name) + "s";
    }

    private static string OperationName(string method) =>
        SnakeCase(method.EndsWith("Async", StringComparison.Ordinal) ? method[..^"Async".Length] : method);

    private static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
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
